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

        // The Linux calls the Glibc module does not export (epoll, eventfd, accept4, pthread_setname_np).
        .systemLibrary(name: "CLinux"),

        // Layers, lowest first; each imports only targets listed before it.
        // Codecs: hex and the JSON stack (value, parser, byte writer, the Codable configuration) every layer shares.
        .target(name: "Codecs", swiftSettings: strict),
        // Locking: the pthread-backed lock every layer uses (ThreadSanitizer sees it; see Sources/Locking).
        .target(name: "Locking", swiftSettings: strict),
        // Clocks: the one wall clock (typed Unix milliseconds) every time-based rule reads.
        .target(name: "Clocks", swiftSettings: strict),
        // Lifecycle: the service protocol and the ordered group a node starts in order and stops in reverse.
        .target(name: "Lifecycle", dependencies: ["Locking"], swiftSettings: strict),
        .target(name: "Telemetry", dependencies: ["Codecs", "Locking"], swiftSettings: strict),
        .target(name: "Crypto", dependencies: ["Codecs", "COpenSSL"], swiftSettings: strict),
        .target(name: "Net", dependencies: ["CLinux", "Locking"], swiftSettings: strict),
        .target(name: "Store", dependencies: ["Codecs", "CSQLite", "Crypto", "Net", "Clocks", "Locking"], swiftSettings: strict),
        .target(name: "HTTP", dependencies: ["Codecs", "Net"], swiftSettings: strict),
        .target(name: "TLS", dependencies: ["COpenSSL", "Net"], swiftSettings: strict),
        .target(name: "WebSocket", dependencies: ["HTTP", "Net", "Crypto"], swiftSettings: strict),
        .target(name: "Game", dependencies: ["Codecs", "Store", "Crypto", "Clocks", "Locking", "Telemetry"], swiftSettings: strict),
        .target(name: "Jobs", dependencies: ["Codecs", "Store", "Telemetry", "Clocks", "Locking"], swiftSettings: strict),
        .target(name: "CloudQueue", dependencies: ["Codecs", "Crypto", "HTTP", "TLS", "Store", "Jobs", "Telemetry", "Clocks"], swiftSettings: strict),
        .target(name: "Mongo", dependencies: ["Codecs", "Crypto", "Net", "TLS"], swiftSettings: strict),
        .target(name: "Export", dependencies: ["Mongo", "Store", "Jobs", "Telemetry", "Clocks"], swiftSettings: strict),
        // Monitoring: what operators watch a node by (its metrics fed from the writer and the API server, the access
        // log, the storage monitor, the systemd watchdog); Store, Net and HTTP report upward to it, never to Telemetry.
        .target(
            name: "Monitoring", dependencies: ["HTTP", "Lifecycle", "Locking", "Net", "Store", "Telemetry"],
            swiftSettings: strict
        ),
        .target(name: "Engine", dependencies: ["Game", "Jobs", "Store", "Telemetry", "Clocks", "Locking"], swiftSettings: strict),
        .target(
            name: "Realtime", dependencies: ["Codecs", "WebSocket", "Game", "HTTP", "Net", "Store", "Telemetry", "Clocks", "Locking"],
            swiftSettings: strict
        ),
        .target(
            name: "API", dependencies: ["Codecs", "Game", "Engine", "Jobs", "Store", "HTTP", "Crypto", "Telemetry", "Clocks", "Locking"],
            swiftSettings: strict
        ),
        .target(
            name: "Replication",
            dependencies: ["Codecs", "Store", "Crypto", "HTTP", "Game", "Jobs", "Telemetry", "Clocks", "Lifecycle", "Locking"],
            swiftSettings: strict
        ),
        // Subcommands, their options and `--help`: plain Swift, no product module.
        .target(name: "CommandLineParsing", swiftSettings: strict),
        .target(
            name: "App",
            dependencies: ["CommandLineParsing", "Codecs", "Telemetry", "Crypto", "Store", "Net", "HTTP", "WebSocket", "Game", "Jobs", "Engine", "Realtime", "API",
                           "Mongo", "Export", "TLS", "CloudQueue", "Lifecycle", "Locking", "Monitoring", "Replication", "Clocks"],
            swiftSettings: strict,
            plugins: ["EmbedFiles"]
        ),
        // Tools the binary reaches through `worldgame bench` and `worldgame debug`, kept out of the product modules
        // (as swift-nio and Hummingbird keep their benchmarks); the executable hands them to App's command line.
        .target(
            name: "Bench",
            dependencies: ["App", "API", "Engine", "Game", "HTTP", "Jobs", "Locking", "Monitoring", "Net", "Realtime", "Replication", "Store",
                           "Telemetry", "WebSocket", "Clocks"],
            swiftSettings: strict
        ),
        .target(name: "DebugTools", dependencies: ["App", "Jobs", "Net", "Store", "Telemetry", "WebSocket"], swiftSettings: strict),
        .executableTarget(name: "worldgame", dependencies: ["App", "Bench", "DebugTools"], swiftSettings: strict),

        // Build-time embedding of migrations/*.sql into the binary.
        .executableTarget(name: "EmbedFilesTool", swiftSettings: strict),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["EmbedFilesTool"]),

        // Tests.
        .target(name: "TestSupport", dependencies: ["Locking", "Store", "Telemetry"], path: "Tests/TestSupport", swiftSettings: strict),
        .target(name: "StoreTesting", dependencies: ["Store"], path: "Tests/StoreTesting", swiftSettings: strict),
        // The land the land and resource tests of Engine and API start from.
        .target(name: "GameTesting", dependencies: ["Game", "Store"], path: "Tests/GameTesting", swiftSettings: strict),
        .testTarget(name: "CodecsTests", dependencies: ["Codecs"], swiftSettings: strict),
        // The manual clock: tests and the benchmarks (which ship in the binary) move time by hand with it.
        .target(name: "ClockTesting", dependencies: ["Clocks", "Locking"], path: "Tests/ClockTesting", swiftSettings: strict),
        .testTarget(name: "ClocksTests", dependencies: ["Clocks", "ClockTesting"], swiftSettings: strict),
        .testTarget(name: "LockingTests", dependencies: ["Locking"], swiftSettings: strict),
        .testTarget(name: "LifecycleTests", dependencies: ["Lifecycle", "Locking"], swiftSettings: strict),
        .testTarget(name: "TelemetryTests", dependencies: ["Telemetry", "TestSupport"], swiftSettings: strict),
        .testTarget(name: "CryptoTests", dependencies: ["Codecs", "Crypto", "TestSupport", "Locking"], swiftSettings: strict),
        .testTarget(name: "StoreTests", dependencies: ["Store", "StoreTesting", "TestSupport", "worldgame", "Locking", "Clocks", "ClockTesting"], swiftSettings: strict),
        .testTarget(name: "NetTests", dependencies: ["CLinux", "Net", "TestSupport", "Locking"], swiftSettings: strict),
        .testTarget(name: "TLSTests", dependencies: ["TLS", "Net", "TestSupport"], swiftSettings: strict),
        .testTarget(
            name: "CloudQueueTests", dependencies: ["CloudQueue", "Crypto", "HTTP", "TLS", "Store", "Jobs", "TestSupport", "Locking"],
            swiftSettings: strict
        ),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "Net", "TestSupport", "Locking"], swiftSettings: strict),
        .testTarget(name: "WebSocketTests", dependencies: ["WebSocket", "HTTP", "Net", "TestSupport", "Locking"], swiftSettings: strict),
        .testTarget(
            name: "RealtimeTests",
            dependencies: ["Realtime", "WebSocket", "Engine", "Game", "HTTP", "Store", "Net", "Telemetry", "TestSupport", "Locking", "Clocks", "ClockTesting"],
            swiftSettings: strict
        ),
        .testTarget(name: "GameTests", dependencies: ["Game", "Store", "StoreTesting", "TestSupport", "Locking"], swiftSettings: strict),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "Game", "GameTesting", "Jobs", "Store", "Telemetry", "TestSupport", "Locking", "Clocks", "ClockTesting"], swiftSettings: strict),
        .testTarget(name: "JobsTests", dependencies: ["Jobs", "Store", "TestSupport", "worldgame", "Locking", "Clocks", "ClockTesting"], swiftSettings: strict),
        .testTarget(
            name: "APITests",
            dependencies: ["API", "Game", "GameTesting", "HTTP", "Net", "Store", "Telemetry", "TestSupport", "Locking", "Clocks", "ClockTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MongoTests", dependencies: ["Mongo", "Net", "Crypto", "TestSupport", "Locking"], exclude: ["Fixtures"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ExportTests", dependencies: ["Export", "Mongo", "Game", "Jobs", "Store", "Telemetry", "TestSupport", "Locking", "Clocks", "ClockTesting"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "MonitoringTests", dependencies: ["HTTP", "Monitoring", "Net", "Store", "Telemetry", "TestSupport", "Locking"],
            swiftSettings: strict
        ),
        .testTarget(name: "BenchTests", dependencies: ["Bench", "DebugTools", "App", "HTTP", "TestSupport", "worldgame"], swiftSettings: strict),
        .testTarget(name: "AppTests", dependencies: ["App", "Monitoring", "Codecs", "HTTP", "Store", "TestSupport", "worldgame", "Locking", "Clocks", "ClockTesting"], swiftSettings: strict),
        .testTarget(
            name: "ReplicationTests",
            dependencies: ["App", "Codecs", "Replication", "Store", "HTTP", "Engine", "Game", "Telemetry", "TestSupport", "worldgame", "Locking", "Net", "Clocks", "ClockTesting"],
            swiftSettings: strict
        ),
    ],
    swiftLanguageModes: [.v6]
)
