import Foundation

/// One `--name` option a subcommand accepts, with its help line and whether it reads `WORLDGAME_<NAME>` too.
///
/// Options are declared once per command; the same declarations drive parsing, validation and `--help`.
package struct CommandOption: Sendable {
    /// The long name without dashes, e.g. `data-dir`.
    package var name: String
    /// Placeholder shown in help (`DIR`, `N`); nil for a boolean flag.
    package var valueName: String?
    package var help: String
    /// The default as shown in help, when there is one.
    package var defaultDescription: String?
    /// Whether `WORLDGAME_<NAME>` supplies the value when the flag is absent.
    package var readsEnvironment: Bool = false

    package var isFlag: Bool { valueName == nil }

    /// `WORLDGAME_DATA_DIR` for `data-dir`.
    package var environmentName: String {
        "WORLDGAME_" + name.uppercased().replacingOccurrences(of: "-", with: "_")
    }

    package static func value(_ name: String, _ valueName: String, _ help: String, default defaultDescription: String? = nil,
                      environment: Bool = false) -> CommandOption {
        CommandOption(name: name, valueName: valueName, help: help, defaultDescription: defaultDescription,
                      readsEnvironment: environment)
    }

    package static func flag(_ name: String, _ help: String, environment: Bool = false) -> CommandOption {
        CommandOption(name: name, valueName: nil, help: help, defaultDescription: nil, readsEnvironment: environment)
    }
}
