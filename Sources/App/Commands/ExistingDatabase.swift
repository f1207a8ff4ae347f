import Foundation
import Store

/// The database of an existing data dir, for operator commands that work on a stopped or running node's file
/// (`jobs`, `cloud trigger`): refuses a folder without `worldgame.db` instead of creating an empty database.
enum ExistingDatabase {
    /// The `--data-dir` (default `./worldgame-data`) database's configuration, migrated to this binary's schema.
    static func open(_ arguments: ParsedArguments, command: String) throws -> StoreConfiguration {
        let dataDirectory = arguments.dataDirectory
        let configuration = StoreConfiguration(path: DataDirectory.databasePath(in: dataDirectory))
        guard FileManager.default.fileExists(atPath: configuration.path) else {
            throw CommandLineError.invalidValue(command: command, option: "--data-dir", value: dataDirectory,
                                                expected: "a data dir holding worldgame.db")
        }
        try DatabaseSetup.migrate(configuration)
        return configuration
    }
}
