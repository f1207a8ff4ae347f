import Foundation
import Store

/// The repository's `migrations/*.sql`, read from the source tree, for tests that build a database as the node does.
///
/// One place for what each fixture used to copy: the folder lookup, the read and the apply.
public enum TestMigrations {
    /// Every migration of the repository, in order.
    public static func all() throws -> [Migration] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appending(path: "migrations")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".sql") }
        return try Migrator.migrations(from: try names.map { name in
            (name: name, contents: try String(contentsOf: folder.appending(path: name), encoding: .utf8))
        })
    }

    /// Creates the database at `configuration.path` (or brings it up to date) with every migration.
    public static func apply(to configuration: StoreConfiguration) throws {
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        _ = try Migrator.apply(try all(), to: connection)
    }
}
