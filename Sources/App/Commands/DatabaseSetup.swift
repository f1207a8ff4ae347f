import Foundation
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

    /// Applies pending migrations to the database at `configuration.path`; returns those applied.
    @discardableResult
    package static func migrate(_ configuration: StoreConfiguration) throws -> [Migration] {
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        return try Migrator.apply(try embeddedMigrations(), to: connection)
    }
}
