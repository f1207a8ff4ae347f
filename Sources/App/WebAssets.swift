import Foundation

/// The web client's files, embedded in the binary from `web/` at build time, by the URL path that serves them.
enum WebAssets {
    struct Asset: Sendable {
        var contentType: String
        var body: [UInt8]
    }

    /// Every embedded web file by path; `index.html` is also served at `/`.
    static func load() -> [(path: String, asset: Asset)] {
        var assets: [(path: String, asset: Asset)] = []
        for file in EmbeddedFiles.folders["web"] ?? [] {
            guard let data = Data(base64Encoded: file.base64) else { continue }
            let asset = Asset(contentType: contentType(for: file.name), body: Array(data))
            assets.append((path: "/" + file.name, asset: asset))
            if file.name == "index.html" { assets.append((path: "/", asset: asset)) }
        }
        return assets
    }

    static func contentType(for name: String) -> String {
        switch name.split(separator: ".").last ?? "" {
        case "html": "text/html; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "json": "application/json; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        default: "application/octet-stream"
        }
    }
}
