import Foundation
import Net

/// The `worldgame` command line: picks the subcommand, prints help, turns errors into one stderr line and an exit code.
package enum WorldgameCommand {
    static let version = "0.1.0"

    /// The commands this module implements that the global help lists before the tools: serving and the schema.
    static var serviceCommands: [any Subcommand.Type] {
        [
            ServeCommand.self,
            PrintConfigCommand.self,
            MigrateCommand.self,
        ]
    }

    /// The operator commands, listed after the tools.
    static var operatorCommands: [any Subcommand.Type] {
        [
            VerifyCommand.self,
            JobsCommand.self,
            AdminCommand.self,
            CloudCommand.self,
            BackupCommand.self,
            RestoreCommand.self,
            StatusCommand.self,
            PromoteCommand.self,
            SwitchoverCommand.self,
            RejoinCommand.self,
        ]
    }

    /// Every command in help order: this module's, with `tools` (`bench`, `debug`: modules of their own, so the
    /// product modules carry no benchmark or diagnostic code) between the service and the operator commands.
    static func subcommands(tools: [any Subcommand.Type]) -> [any Subcommand.Type] {
        serviceCommands + tools + operatorCommands
    }

    /// This module's commands alone.
    static var subcommands: [any Subcommand.Type] { subcommands(tools: []) }

    /// Runs the command line of this process, with `tools` beside this module's commands, and exits.
    package static func main(tools: [any Subcommand.Type]) -> Never {
        ProcessSignals.ignoreBrokenPipe()
        let code = run(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment,
                       tools: tools)
        exit(code)
    }

    /// Runs `arguments` (without the program name) against this module's commands and `tools`; returns the exit code.
    static func run(arguments: [String], environment: [String: String], tools: [any Subcommand.Type] = []) -> Int32 {
        let subcommands = subcommands(tools: tools)
        guard let first = arguments.first, !["--help", "-h", "help"].contains(first) else {
            if arguments.count >= 2, arguments[0] == "help", let command = subcommands.first(where: { $0.name == arguments[1] }) {
                print(command.helpText, terminator: "")
                return 0
            }
            print(globalHelp(subcommands), terminator: "")
            return 0
        }
        if first == "--version" {
            print("worldgame \(version)")
            return 0
        }
        guard let command = subcommands.first(where: { $0.name == first }) else {
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

    /// The text `worldgame --help` prints for `subcommands`.
    static func globalHelp(_ subcommands: [any Subcommand.Type]) -> String {
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
