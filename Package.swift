// swift-tools-version:6.0
// worldgame: one native binary for a persistent world-building game.
// No package dependencies: the toolchain plus the system libraries libsqlite3 and OpenSSL 3.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "worldgame",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "worldgame", targets: ["worldgame"]),
    ],
    targets: [
        // System libraries (module maps only).
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),

        // Layers, lowest first; each imports only targets listed before it.
        .target(name: "Telemetry", swiftSettings: strict),
        .target(name: "Crypto", dependencies: ["COpenSSL"], swiftSettings: strict),
        .target(name: "Store", dependencies: ["CSQLite", "Crypto"], swiftSettings: strict),
        .target(name: "Net", swiftSettings: strict),
        .target(name: "HTTP", dependencies: ["Net"], swiftSettings: strict),
        .target(
            name: "App",
            dependencies: ["Telemetry", "Crypto", "Store", "Net", "HTTP"],
            swiftSettings: strict,
            plugins: ["EmbedFiles"]
        ),
        .executableTarget(name: "worldgame", dependencies: ["App"], swiftSettings: strict),

        // Build-time embedding of migrations/*.sql into the binary.
        .executableTarget(name: "EmbedFilesTool", swiftSettings: strict),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["EmbedFilesTool"]),

        // Tests.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strict),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "TestSupport", "worldgame"], swiftSettings: strict),
        .testTarget(name: "NetTests", dependencies: ["Net", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Net", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "AppTests", dependencies: ["App", "HTTP", "Store", "TestSupport", "worldgame"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
