import Foundation

/// What a backup file holds, written as JSON next to it (`FILE.manifest.json`) and checked before any restore.
///
/// An immutable value. `replicationSequence`/`replicationChecksum` are null when the database has no replication log.
/// The file format is documented in `docs/backups.md`.
public struct BackupManifest: Codable, Sendable, Equatable {
    /// The value of `format` this binary writes and reads.
    public static let currentFormat = "worldgame-backup-1"

    public var format: String
    /// When the copy's snapshot was taken, RFC 3339 UTC.
    public var createdAt: String
    /// The backup file's name (no folder): the manifest describes the file next to it.
    public var databaseFile: String
    public var byteSize: Int64
    /// Lower-case hex SHA-256 of the backup file.
    public var sha256: String
    /// The highest applied migration version.
    public var schemaVersion: Int
    /// The last replication log sequence number in the snapshot, when the log exists.
    public var replicationSequence: Int64?
    /// The running replication checksum at that sequence number, when the log exists.
    public var replicationChecksum: String?
    public var pageSize: Int
    public var pageCount: Int
    /// The database the copy was taken from.
    public var sourcePath: String

    enum CodingKeys: String, CodingKey {
        case format, createdAt = "created_at", databaseFile = "database_file", byteSize = "byte_size", sha256
        case schemaVersion = "schema_version", replicationSequence = "replication_sequence"
        case replicationChecksum = "replication_checksum", pageSize = "page_size", pageCount = "page_count"
        case sourcePath = "source_path"
    }

    /// Encodes every key, absent replication facts as explicit `null`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(format, forKey: .format)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(databaseFile, forKey: .databaseFile)
        try container.encode(byteSize, forKey: .byteSize)
        try container.encode(sha256, forKey: .sha256)
        try container.encode(schemaVersion, forKey: .schemaVersion)
        try container.encode(replicationSequence, forKey: .replicationSequence)
        try container.encode(replicationChecksum, forKey: .replicationChecksum)
        try container.encode(pageSize, forKey: .pageSize)
        try container.encode(pageCount, forKey: .pageCount)
        try container.encode(sourcePath, forKey: .sourcePath)
    }

    /// The manifest path of the backup file at `backupPath`.
    public static func path(forBackup backupPath: String) -> String { backupPath + ".manifest.json" }

    /// Pretty, key-sorted JSON with a trailing newline.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Reads and checks the manifest of the backup file at `backupPath`.
    public static func read(forBackup backupPath: String) throws(BackupError) -> BackupManifest {
        let manifestPath = path(forBackup: backupPath)
        guard FileManager.default.fileExists(atPath: manifestPath) else { throw .manifestMissing(manifestPath: manifestPath) }
        let manifest: BackupManifest
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: manifestPath))
            manifest = try JSONDecoder().decode(BackupManifest.self, from: data)
        } catch {
            throw .manifestUnreadable(manifestPath: manifestPath, reason: String(describing: error))
        }
        guard manifest.format == currentFormat else {
            throw .manifestUnreadable(manifestPath: manifestPath,
                                      reason: "format \(manifest.format), expected \(currentFormat)")
        }
        return manifest
    }
}
