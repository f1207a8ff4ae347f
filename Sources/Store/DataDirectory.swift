import Foundation

/// The node's data folder: created on first start with owner-only permissions, checked for writability.
public enum DataDirectory {
    /// Where every command looks when `--data-dir` (or `WORLDGAME_DATA_DIR`) is not given.
    public static let defaultPath = "./worldgame-data"

    /// The ledger database inside a data folder.
    public static func databasePath(in directory: String) -> String { directory + "/worldgame.db" }

    /// Why the data folder cannot be used, with what to do about it.
    public enum Failure: Error, CustomStringConvertible {
        case cannotCreate(path: String, reason: String)
        case notWritable(path: String)

        public var description: String {
            switch self {
            case .cannotCreate(let path, let reason):
                "cannot create data directory \(path): \(reason); pass --data-dir with a folder you can write"
            case .notWritable(let path):
                "data directory \(path) is not writable by this user; fix its owner or pass another --data-dir"
            }
        }
    }

    /// Creates `path` (mode 0700) when missing and checks the process can write there.
    public static func prepare(_ path: String) throws(Failure) {
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: path) {
            do {
                try fileManager.createDirectory(atPath: path, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
            } catch {
                throw .cannotCreate(path: path, reason: String(describing: error.localizedDescription))
            }
        }
        guard fileManager.isWritableFile(atPath: path) else { throw .notWritable(path: path) }
    }
}
