import Clocks
import Foundation
import Replication
import Store

/// Opens a node's database for maintenance and applies the migrations embedded in the binary.
package enum DatabaseSetup {
    /// The migrations compiled into this binary from `migrations/*.sql`.
    package static func embeddedMigrations() throws -> [Migration] {
        let files = (EmbeddedFiles.folders["migrations"] ?? []).compactMap { file -> (name: String, contents: String)? in
            guard file.name.hasSuffix(".sql"), let data = Data(base64Encoded: file.base64) else { return nil }
            return (name: file.name, contents: String(decoding: data, as: UTF8.self))
        }
        return try Migrator.migrations(from: files)
    }

    /// This binary's schema version: the number of the last embedded migration (0 when there is none).
    package static func schemaVersion() throws -> Int {
        try embeddedMigrations().last?.version ?? 0
    }

    /// Applies pending migrations to the database at `configuration.path`; returns those applied. On a primary's
    /// database with replication history each migration also appends its log record, in its own transaction
    /// (`ReplicationMigrationRecord`), so a following standby hears of it; `clock` stamps those records.
    /// `isLogged` false applies them without log records (a node about to start as a standby: its stored role may
    /// still say primary, e.g. an old primary restarted on the next release to follow the new one).
    @discardableResult
    package static func migrate(_ configuration: StoreConfiguration, clock: any WallClock = SystemClock(),
                                isLogged: Bool = true) throws -> [Migration] {
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        return try Migrator.apply(try embeddedMigrations(), to: connection,
                                  recording: isLogged ? ReplicationMigrationRecord.recording(clock: clock) : nil)
    }
}
