import Foundation
import Store

extension CommandOption {
    /// The `--data-dir DIR` option every command that touches a node's files declares.
    static func dataDirectory(_ help: String = "Folder holding the database") -> CommandOption {
        .value("data-dir", "DIR", help, default: DataDirectory.defaultPath, environment: true)
    }
}

extension ParsedArguments {
    /// `--data-dir`, or its default.
    var dataDirectory: String { string("data-dir", default: DataDirectory.defaultPath) }

    /// The database file inside `--data-dir`.
    var databasePath: String { DataDirectory.databasePath(in: dataDirectory) }

    /// Locks `--data-dir` for `command` (written as `worldgame COMMAND` into the lock file). With `creating` the folder
    /// is created when missing (as `serve` does); without it a missing folder is refused.
    /// - Throws: `DataDirectory.Failure`, `CommandLineError.invalidValue` or `DataDirectoryLock.Failure`.
    func lockDataDirectory(command: String, creating: Bool = true) throws -> DataDirectoryLock {
        if creating {
            try DataDirectory.prepare(dataDirectory)
        } else if !FileManager.default.fileExists(atPath: dataDirectory) {
            throw CommandLineError.invalidValue(command: commandName, option: "--data-dir", value: dataDirectory,
                                                expected: "an existing data dir")
        }
        return try DataDirectoryLock.acquire(dataDirectory: dataDirectory, command: "worldgame " + command)
    }
}
