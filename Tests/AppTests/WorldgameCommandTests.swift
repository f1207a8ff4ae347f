@testable import App
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

    @Test func printedConfigurationMasksPasswordsInURLs() {
        #expect(NodeConfiguration.maskCredentials("https://repl:s3cret@10.0.0.2:4000") == "https://repl:***@10.0.0.2:4000")
        #expect(NodeConfiguration.maskCredentials("https://10.0.0.2:4000") == "https://10.0.0.2:4000")
    }
}
