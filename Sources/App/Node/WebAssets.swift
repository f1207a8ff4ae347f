import Foundation

/// The web client's files, embedded in the binary from `web/` at build time, by the URL path that serves them.
enum WebAssets {
    struct Asset: Sendable {
        var contentType: String
        var body: [UInt8]
    }

    /// The node's ports, written into `index.html` so the page finds the WebSocket gateway when opened directly
    /// (behind nginx it uses the same origin's `/ws`).
    struct Ports: Sendable {
        var api: Int
        var webSocket: Int
    }

    /// Every embedded web file by path; `index.html` is also served at `/` and `favicon.svg` at `/favicon.ico` (browsers
    /// and tools ask for it whatever the page links, and a 404 there fills logs). HTML files get
    /// `__WORLDGAME_API_PORT__` and `__WORLDGAME_WS_PORT__` replaced with `ports`.
    static func load(ports: Ports = Ports(api: 4000, webSocket: 4001)) -> [(path: String, asset: Asset)] {
        var assets: [(path: String, asset: Asset)] = []
        for file in EmbeddedFiles.folders["web"] ?? [] {
            guard let data = Data(base64Encoded: file.base64) else { continue }
            var body = Array(data)
            if file.name.hasSuffix(".html") {
                let text = String(decoding: body, as: UTF8.self)
                    .replacingOccurrences(of: "__WORLDGAME_API_PORT__", with: String(ports.api))
                    .replacingOccurrences(of: "__WORLDGAME_WS_PORT__", with: String(ports.webSocket))
                body = Array(text.utf8)
            }
            let asset = Asset(contentType: contentType(for: file.name), body: body)
            assets.append((path: "/" + file.name, asset: asset))
            if file.name == "index.html" { assets.append((path: "/", asset: asset)) }
            if file.name == "favicon.svg" { assets.append((path: "/favicon.ico", asset: asset)) }
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
