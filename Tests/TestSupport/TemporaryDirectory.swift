import Foundation

/// A fresh directory under the system temp folder, removed when the value is released.
///
/// Tests put real SQLite files (WAL and all) here instead of using `:memory:`.
public final class TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    public init(prefix: String = "worldgame-test") throws {
        let base = FileManager.default.temporaryDirectory.path
        let candidate = "\(base)/\(prefix)-\(UUID().uuidString.prefix(12))"
        try FileManager.default.createDirectory(atPath: candidate, withIntermediateDirectories: true)
        path = candidate
    }

    /// The path of `name` inside the directory.
    public func file(_ name: String) -> String { "\(path)/\(name)" }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
