@testable import App
import Bench
import DebugTools
import Testing

/// `bench` and `debug` live in their own modules; the executable hands them to App's command line, which lists them
/// where they always stood, so `worldgame --help` and `worldgame bench|debug --help` read as before.
@Suite struct ToolCommandsTests {
    static var tools: [any Subcommand.Type] { [BenchCommand.self, DebugCommand.self] }

    @Test func theGlobalHelpListsTheToolsBetweenMigrateAndVerify() {
        let names = WorldgameCommand.subcommands(tools: Self.tools).map { $0.name }
        #expect(names == ["serve", "print-config", "migrate", "bench", "debug", "verify", "jobs", "admin", "cloud", "backup",
                          "restore", "status", "promote", "switchover", "rejoin"])
        let help = WorldgameCommand.globalHelp(WorldgameCommand.subcommands(tools: Self.tools))
        #expect(help.contains("  bench         Run a benchmark"))
        #expect(help.contains("  debug         Diagnostic tools"))
    }

    @Test func theToolsRunThroughTheCommandLine() {
        #expect(WorldgameCommand.run(arguments: ["bench", "--help"], environment: [:], tools: Self.tools) == 0)
        #expect(WorldgameCommand.run(arguments: ["help", "debug"], environment: [:], tools: Self.tools) == 0)
        #expect(WorldgameCommand.run(arguments: ["bench", "nonsense"], environment: [:], tools: Self.tools) == 2)
        #expect(WorldgameCommand.run(arguments: ["debug"], environment: [:], tools: Self.tools) == 2)
        #expect(WorldgameCommand.run(arguments: ["bench"], environment: [:]) == 2)
    }
}
