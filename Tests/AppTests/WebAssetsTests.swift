@testable import App
import Testing

@Suite struct WebAssetsTests {
    @Test func indexIsServedAtRootAndPlaceholdersAreFilled() {
        let assets = WebAssets.load(ports: WebAssets.Ports(api: 4123, webSocket: 4124))
        let paths = Set(assets.map(\.path))
        #expect(paths.contains("/"))
        #expect(paths.contains("/index.html"))
        for (path, asset) in assets where path.hasSuffix(".html") || path == "/" {
            let text = String(decoding: asset.body, as: UTF8.self)
            #expect(!text.contains("__WORLDGAME_"), "unfilled placeholder in \(path)")
            #expect(asset.contentType == "text/html; charset=utf-8")
        }
    }

    @Test func faviconIsServedAtTheConventionalPath() throws {
        let assets = WebAssets.load()
        let icon = try #require(assets.first { $0.path == "/favicon.ico" })
        #expect(icon.asset.contentType == "image/svg+xml")
        #expect(String(decoding: icon.asset.body, as: UTF8.self).hasPrefix("<svg"))
        #expect(assets.contains { $0.path == "/favicon.svg" })
    }

    /// The store decodes nothing until a page is asked for, then gives what `load` gives, once per file.
    @Test func theStoreDecodesEachFileOnItsFirstRequest() throws {
        let ports = WebAssets.Ports(api: 4123, webSocket: 4124)
        let store = WebAssetStore(ports: ports)
        #expect(store.decodedCount == 0)
        let loaded = WebAssets.load(ports: ports)
        for (path, fileName) in WebAssets.paths() {
            let asset = try #require(store.asset(fileName: fileName))
            let expected = try #require(loaded.first { $0.path == path })
            #expect(asset.body == expected.asset.body, "\(path)")
            #expect(asset.contentType == expected.asset.contentType, "\(path)")
        }
        #expect(store.decodedCount == Set(WebAssets.paths().map(\.fileName)).count)
        #expect(store.asset(fileName: "missing.js") == nil)
    }

    @Test(arguments: [("app.js", "text/javascript; charset=utf-8"), ("style.css", "text/css; charset=utf-8"),
                      ("map.png", "image/png"), ("data.bin", "application/octet-stream")])
    func contentTypes(name: String, expected: String) {
        #expect(WebAssets.contentType(for: name) == expected)
    }
}
