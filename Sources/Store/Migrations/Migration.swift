import Crypto

/// One schema migration: an embedded `migrations/NNNN_snake_name.sql` file.
///
/// Migrations are applied in version order, each once, and recorded with the SHA-256 of the file so a later edit of an
/// applied file stops start-up instead of silently diverging schemas.
public struct Migration: Sendable, Equatable {
    /// The number before the first underscore: `0001_node_settings.sql` → 1.
    public var version: Int
    /// The file name, e.g. `0001_node_settings.sql`.
    public var fileName: String
    /// The file contents: one or more statements, without BEGIN/COMMIT (the migrator wraps them in a transaction).
    public var sql: String
    /// Lower-case hex SHA-256 of the file's UTF-8 bytes.
    public var checksum: String

    /// Parses `fileName` (`NNNN_snake_name.sql`: four or more digits, an underscore, lower-case letters, digits and
    /// underscores) and checksums `contents`.
    /// - Throws: `.migrationNameInvalid` for any other name, or a version of 0.
    public init(fileName: String, contents: String) throws(StoreError) {
        guard let version = Self.version(ofFileName: fileName) else { throw .migrationNameInvalid(fileName: fileName) }
        self.version = version
        self.fileName = fileName
        sql = contents
        checksum = SHA256.hexDigest(Array(contents.utf8))
    }

    /// The version encoded in a valid file name, or nil.
    static func version(ofFileName fileName: String) -> Int? {
        let suffix = ".sql"
        guard fileName.hasSuffix(suffix) else { return nil }
        let stem = fileName.utf8.dropLast(suffix.utf8.count)
        guard let underscore = stem.firstIndex(of: UInt8(ascii: "_")) else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        let isDigit = { (byte: UInt8) in byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let isLowercase = { (byte: UInt8) in byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") }
        guard digits.count >= 4, digits.count <= 9, digits.allSatisfy(isDigit) else { return nil }
        guard let first = name.first, isLowercase(first) else { return nil }
        guard name.allSatisfy({ isLowercase($0) || isDigit($0) || $0 == UInt8(ascii: "_") }) else { return nil }
        guard let version = Int(String(decoding: digits, as: UTF8.self)), version > 0 else { return nil }
        return version
    }
}
