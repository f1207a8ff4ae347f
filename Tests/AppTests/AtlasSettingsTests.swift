@testable import App
import Foundation
import Testing

/// The export's configuration: off by default, from flags or `WORLDGAME_ATLAS_URI`, printed without the password.
@Suite struct AtlasSettingsTests {
    func configuration(_ arguments: [String], environment: [String: String] = [:]) throws -> NodeConfiguration {
        try NodeConfiguration(try ParsedArguments(commandName: "serve", arguments: arguments,
                                                  options: NodeConfiguration.options, environment: environment))
    }

    @Test func isOffWithoutAURI() throws {
        #expect(try configuration([]).atlas == nil)
    }

    @Test func readsTheEnvironmentAndMasksThePassword() throws {
        let node = try configuration(["--atlas-export-interval", "60"],
                                     environment: ["WORLDGAME_ATLAS_URI": "mongodb+srv://exporter:s3cret@cluster0.abc.mongodb.net/game"])
        let atlas = try #require(node.atlas)
        #expect(atlas.database == "game")
        #expect(atlas.intervalSeconds == 60)
        #expect(atlas.uri.usesTLS)
        let printed = String(decoding: try JSONEncoder().encode(node), as: UTF8.self)
        #expect(printed.contains("exporter:***@"))
        #expect(!printed.contains("s3cret"))
    }

    @Test func refusesABadURIWithoutEchoingThePassword() throws {
        #expect {
            try configuration(["--atlas-uri", "mongodb+srv://u:s3cret@a.b.c:27018"])
        } throws: { error in
            !String(describing: error).contains("s3cret")
        }
    }
}
