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
        paths().compactMap { entry in asset(fileName: entry.fileName, ports: ports).map { (path: entry.path, asset: $0) } }
    }

    /// Every path `load` serves and the embedded file behind it, without decoding any file.
    static func paths() -> [(path: String, fileName: String)] {
        var paths: [(path: String, fileName: String)] = []
        for file in EmbeddedFiles.folders["web"] ?? [] {
            paths.append((path: "/" + file.name, fileName: file.name))
            if file.name == "index.html" { paths.append((path: "/", fileName: file.name)) }
            if file.name == "favicon.svg" { paths.append((path: "/favicon.ico", fileName: file.name)) }
        }
        return paths
    }

    /// The embedded file `fileName` decoded (HTML with its port placeholders replaced), or nil when there is none.
    static func asset(fileName: String, ports: Ports) -> Asset? {
        guard let file = (EmbeddedFiles.folders["web"] ?? []).first(where: { $0.name == fileName }),
              let data = Data(base64Encoded: file.base64) else { return nil }
        var body = Array(data)
        if fileName.hasSuffix(".html") {
            let text = String(decoding: body, as: UTF8.self)
                .replacingOccurrences(of: "__WORLDGAME_API_PORT__", with: String(ports.api))
                .replacingOccurrences(of: "__WORLDGAME_WS_PORT__", with: String(ports.webSocket))
            body = Array(text.utf8)
        }
        return Asset(contentType: contentType(for: fileName), body: body)
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
