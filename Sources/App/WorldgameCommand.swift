import Foundation
import Net

/// The `worldgame` command line: picks the subcommand, prints help, turns errors into one stderr line and an exit code.
public enum WorldgameCommand {
    static let version = "0.1.0"

    static var subcommands: [any Subcommand.Type] {
        [
            ServeCommand.self,
            PrintConfigCommand.self,
            MigrateCommand.self,
            BenchCommand.self,
            DebugCommand.self,
            VerifyCommand.self,
            JobsCommand.self,
            AdminCommand.self,
            CloudCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
            StatusCommand.self,
            PromoteCommand.self,
            RejoinCommand.self,
        ]
    }

    /// Runs the command line of this process and exits.
    public static func main() -> Never {
        ProcessSignals.ignoreBrokenPipe()
        let code = run(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment)
        exit(code)
    }

    /// Runs `arguments` (without the program name); returns the exit code.
    static func run(arguments: [String], environment: [String: String]) -> Int32 {
        guard let first = arguments.first, !["--help", "-h", "help"].contains(first) else {
            if arguments.count >= 2, arguments[0] == "help", let command = subcommand(named: arguments[1]) {
                print(command.helpText, terminator: "")
                return 0
            }
            print(globalHelp, terminator: "")
            return 0
        }
        if first == "--version" {
            print("worldgame \(version)")
            return 0
        }
        guard let command = subcommand(named: first) else {
            printError(CommandLineError.unknownCommand(first).description)
            return 2
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            print(command.helpText, terminator: "")
            return 0
        }
        do {
            let parsed = try ParsedArguments(commandName: command.name, arguments: rest, options: command.options,
                                             environment: environment)
            return try command.run(parsed)
        } catch let error as CommandLineError {
            printError(error.description)
            return 2
        } catch {
            printError(String(describing: error))
            return 1
        }
    }

    static func subcommand(named name: String) -> (any Subcommand.Type)? {
        subcommands.first { $0.name == name }
    }

    static var globalHelp: String {
        var text = """
            worldgame \(version): the backend of a persistent world-building game with a blind-auction economy.

            Usage: worldgame COMMAND [options]

            Commands:

            """
        for command in subcommands {
            text += "  " + command.name.padding(toLength: 14, withPad: " ", startingAt: 0) + command.summary + "\n"
        }
        text += """

            Run 'worldgame COMMAND --help' for a command's options. With no flags, 'worldgame serve' runs a demo world
            in ./worldgame-data with the API on http://127.0.0.1:4000/.

            """
        return text
    }

    /// Prints `worldgame: message` on stderr.
    static func printError(_ message: String) {
        FileHandle.standardError.write(Data("worldgame: \(message)\n".utf8))
    }
}
