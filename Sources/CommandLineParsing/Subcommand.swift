import Foundation

/// One `worldgame` subcommand: its name, help and options, and what it does.
///
/// Each subcommand is a type in its own file; `WorldgameCommand` lists App's, and the executable hands it the tools of
/// their own modules (`bench`, `debug`).
package protocol Subcommand {
    static var name: String { get }
    /// One line for the command list.
    static var summary: String { get }
    /// Extra help paragraphs after the usage line (may be empty).
    static var discussion: String { get }
    /// Positional arguments shown in the usage line, e.g. `NAME`.
    static var positionalUsage: String { get }
    static var options: [CommandOption] { get }
    /// Runs the command; returns the process exit code. Errors thrown are printed as one line on stderr.
    static func run(_ arguments: ParsedArguments) throws -> Int32
}

extension Subcommand {
    package static var discussion: String { "" }
    package static var positionalUsage: String { "" }

    /// The text `worldgame NAME --help` prints.
    package static var helpText: String {
        var text = "worldgame \(name): \(summary)\n\nUsage: worldgame \(name)"
        if !options.isEmpty { text += " [options]" }
        if !positionalUsage.isEmpty { text += " \(positionalUsage)" }
        text += "\n"
        if !discussion.isEmpty { text += "\n\(discussion)\n" }
        if !options.isEmpty {
            text += "\nOptions:\n"
            let rendered = options.map { option -> (String, String) in
                var left = "  --\(option.name)"
                if let valueName = option.valueName { left += " \(valueName)" }
                var right = option.help
                if let defaultDescription = option.defaultDescription { right += " (default: \(defaultDescription))" }
                if option.readsEnvironment { right += " [env \(option.environmentName)]" }
                return (left, right)
            }
            let width = min(34, (rendered.map(\.0.count).max() ?? 0) + 2)
            for (left, right) in rendered {
                let padding = left.count < width ? String(repeating: " ", count: width - left.count) : "\n" + String(repeating: " ", count: width)
                text += left + padding + right + "\n"
            }
            text += "  --help".padding(toLength: width, withPad: " ", startingAt: 0) + "Show this help\n"
        }
        return text
    }
}
