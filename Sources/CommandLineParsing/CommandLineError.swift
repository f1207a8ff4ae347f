/// A mistake on the command line; its description is the one line printed on stderr.
package enum CommandLineError: Error, CustomStringConvertible, Equatable {
    case unknownCommand(String)
    case unknownOption(command: String, option: String)
    case missingValue(command: String, option: String)
    case unexpectedValue(command: String, option: String)
    case invalidValue(command: String, option: String, value: String, expected: String)
    case missingArgument(command: String, what: String)
    case unexpectedArgument(command: String, argument: String)

    package var description: String {
        switch self {
        case .unknownCommand(let name):
            "unknown command '\(name)'; run 'worldgame --help' for the list"
        case .unknownOption(let command, let option):
            "unknown option \(option) for '\(command)'; run 'worldgame \(command) --help'"
        case .missingValue(let command, let option):
            "option \(option) of '\(command)' needs a value"
        case .unexpectedValue(let command, let option):
            "option \(option) of '\(command)' is a flag and takes no value"
        case .invalidValue(let command, let option, let value, let expected):
            "invalid value '\(value)' for \(option) of '\(command)': expected \(expected)"
        case .missingArgument(let command, let what):
            "'\(command)' needs \(what); run 'worldgame \(command) --help'"
        case .unexpectedArgument(let command, let argument):
            "unexpected argument '\(argument)' for '\(command)'; run 'worldgame \(command) --help'"
        }
    }
}
