import Codecs
import Foundation

/// `worldgame print-config`: the same as `worldgame serve --print-config`. Takes every `serve` option (flags and
/// `WORLDGAME_*` environment), prints the effective configuration as JSON with secrets masked, and exits; starts
/// nothing.
///
/// Runs on the main thread; reads nothing but its arguments and environment.
enum PrintConfigCommand: Subcommand {
    static let name = "print-config"
    static let summary = "Print serve's effective configuration as JSON (same as serve --print-config)"
    static let discussion = """
        Accepts exactly the options of `worldgame serve` and resolves them the same way (flag, then WORLDGAME_*
        environment, then default). To see what the service's environment file gives it:
          sudo -u worldgame sh -c 'set -a; . /etc/worldgame/worldgame.env; worldgame print-config'
        """
    static var options: [CommandOption] { NodeConfiguration.options }

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        if let extra = arguments.positionals.first { throw CommandLineError.unexpectedArgument(command: name, argument: extra) }
        print(try NodeConfiguration(arguments).printedJSON())
        return 0
    }
}

extension NodeConfiguration {
    /// The configuration as pretty, key-sorted JSON, secrets masked by its `Encodable` conformance (what
    /// `--print-config` prints).
    func printedJSON() throws -> String {
        String(decoding: try JSONCoding.encode(self, layout: .pretty), as: UTF8.self)
    }
}
