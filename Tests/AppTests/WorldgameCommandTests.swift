@testable import App
import Codecs
import Foundation
import Replication
import TestSupport
import Testing

@Suite struct WorldgameCommandTests {
    @Test func everySubcommandHasHelpListingItsOptions() {
        for command in WorldgameCommand.subcommands {
            let help = command.helpText
            #expect(help.hasPrefix("worldgame \(command.name): "))
            for option in command.options { #expect(help.contains("--\(option.name)")) }
        }
    }

    @Test func serveHelpShowsEnvironmentNames() {
        #expect(ServeCommand.helpText.contains("WORLDGAME_DATA_DIR"))
        #expect(ServeCommand.helpText.contains("WORLDGAME_API_PORT"))
    }

    @Test func unknownCommandAndOptionExitWithUsageCode() {
        #expect(WorldgameCommand.run(arguments: ["frobnicate"], environment: [:]) == 2)
        #expect(WorldgameCommand.run(arguments: ["migrate", "--bogus"], environment: [:]) == 2)
        #expect(WorldgameCommand.run(arguments: ["serve", "--role", "standby"], environment: [:]) == 2)
    }

    @Test func helpExitsZero() {
        #expect(WorldgameCommand.run(arguments: [], environment: [:]) == 0)
        #expect(WorldgameCommand.run(arguments: ["serve", "--help"], environment: [:]) == 0)
    }

    /// `--version` names the release constant, the schema version computed from the embedded migrations (the highest
    /// `migrations/NNNN_*.sql` in the repository) and the replication protocol, in text and in JSON, from the binary.
    @Test func versionPrintsReleaseSchemaAndProtocol() throws {
        let highest = try #require(try TestMigrations.all().map(\.version).max())
        let report = try VersionReport.current()
        #expect(report.schemaVersion == highest)
        #expect(report.release == ReleaseVersion.current.description)
        #expect(report.replicationProtocol == NodeVersion.currentProtocol)

        let textProcess = try ChildProcess(executable: BuiltProducts.worldgame, arguments: ["--version"])
        #expect(textProcess.waitForExit() == 0)
        let text = textProcess.outputLines.joined(separator: "\n") + "\n"
        #expect(text.hasPrefix("worldgame \(ReleaseVersion.current)\n"), "\(text)")
        #expect(text.contains("schema version \(highest) ") && text.contains("replication protocol \(NodeVersion.currentProtocol) "))
        let jsonProcess = try ChildProcess(executable: BuiltProducts.worldgame, arguments: ["--version", "--json"])
        #expect(jsonProcess.waitForExit() == 0)
        let json = jsonProcess.outputLines.joined(separator: "\n")
        let decoded = try JSONCoding.decode(VersionReport.self, from: Array(json.utf8))
        #expect(decoded == report)
    }

    @Test func printedConfigurationMasksPasswordsInURLs() {
        #expect(NodeConfiguration.maskCredentials("https://repl:s3cret@10.0.0.2:4000") == "https://repl:***@10.0.0.2:4000")
        #expect(NodeConfiguration.maskCredentials("https://10.0.0.2:4000") == "https://10.0.0.2:4000")
    }
}
