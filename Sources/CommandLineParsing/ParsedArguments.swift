/// The options and positional arguments of one subcommand invocation, after validation against its declared options.
///
/// Lookup order for an option: the command line, then `WORLDGAME_<NAME>` (for options that read the environment),
/// then the caller's default.
package struct ParsedArguments: Sendable {
    private(set) var values: [String: String] = [:]
    private(set) var flags: Set<String> = []
    package private(set) var positionals: [String] = []
    package let commandName: String
    private let options: [String: CommandOption]
    private let environment: [String: String]

    /// Parses `arguments` (everything after the subcommand name).
    package init(commandName: String, arguments: [String], options: [CommandOption], environment: [String: String]) throws(CommandLineError) {
        self.commandName = commandName
        self.options = Dictionary(options.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.environment = environment
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            guard argument.hasPrefix("--"), argument.count > 2 else {
                positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: equals)...])
                name = String(name[..<equals])
            }
            if name.hasPrefix("no-"), let option = self.options[String(name.dropFirst(3))], option.isFlag, inlineValue == nil {
                flags.remove(option.name)
                values[option.name] = "false"
                continue
            }
            guard let option = self.options[name] else {
                throw .unknownOption(command: commandName, option: "--\(name)")
            }
            if option.isFlag {
                guard inlineValue == nil else { throw .unexpectedValue(command: commandName, option: "--\(name)") }
                flags.insert(name)
                values[name] = "true"
                continue
            }
            if let inlineValue {
                values[name] = inlineValue
            } else {
                guard index < arguments.count else { throw .missingValue(command: commandName, option: "--\(name)") }
                values[name] = arguments[index]
                index += 1
            }
        }
    }

    /// The option's value from the command line or the environment, or nil.
    package func string(_ name: String) -> String? {
        if let value = values[name] { return value }
        if let option = options[name], option.readsEnvironment, let value = environment[option.environmentName], !value.isEmpty {
            return value
        }
        return nil
    }

    package func string(_ name: String, default defaultValue: String) -> String { string(name) ?? defaultValue }

    /// An integer option within `range`, or the default.
    package func integer(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws(CommandLineError) -> Int {
        guard let text = string(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw .invalidValue(command: commandName, option: "--\(name)", value: text,
                                expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// A boolean flag: `--name`, `--no-name`, or `WORLDGAME_NAME=true|false|1|0`.
    package func flag(_ name: String, default defaultValue: Bool) throws(CommandLineError) -> Bool {
        guard let text = string(name) else { return defaultValue }
        switch text.lowercased() {
        case "true", "1", "yes", "on": return true
        case "false", "0", "no", "off": return false
        default:
            throw .invalidValue(command: commandName, option: "--\(name)", value: text, expected: "true or false")
        }
    }

    /// One of `choices`, or the default.
    package func choice(_ name: String, default defaultValue: String, choices: [String]) throws(CommandLineError) -> String {
        let value = string(name) ?? defaultValue
        guard choices.contains(value) else {
            throw .invalidValue(command: commandName, option: "--\(name)", value: value,
                                expected: "one of " + choices.joined(separator: ", "))
        }
        return value
    }
}
