import Crypto
import Foundation

/// The shared secret a standby presents to its primary (`Authorization: Bearer <secret>`), read from
/// `--replication-secret-file`.
///
/// Immutable; any thread. The bytes never appear in a description, a log line or an error.
public struct ReplicationSecret: Sendable, CustomStringConvertible {
    /// Fewer bytes than this are refused: a guessable secret would let anyone read the whole database.
    public static let minimumBytes = 16
    private let bytes: [UInt8]

    /// A secret from its text (surrounding whitespace trimmed).
    public init(text: String) throws(ReplicationError) {
        let trimmed = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard trimmed.count >= Self.minimumBytes else {
            throw .secretUnusable(path: "(inline)", detail: "shorter than \(Self.minimumBytes) bytes")
        }
        bytes = trimmed
    }

    /// Reads the secret file at `path`.
    public static func load(path: String) throws(ReplicationError) -> ReplicationSecret {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .secretUnusable(path: path, detail: "cannot be read")
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        let mode = (attributes?[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else {
            throw .secretUnusable(path: path, detail: "mode \(String(mode, radix: 8)); run 'chmod 600 \(path)'")
        }
        do {
            return try ReplicationSecret(text: String(decoding: data, as: UTF8.self))
        } catch {
            throw .secretUnusable(path: path, detail: "shorter than \(minimumBytes) bytes after trimming whitespace")
        }
    }

    /// The `Authorization` header value a standby sends.
    public var authorizationHeader: String { "Bearer " + String(decoding: bytes, as: UTF8.self) }

    /// Whether an `Authorization` header value carries this secret (constant-time comparison).
    public func isPresented(in header: String?) -> Bool {
        guard let header, header.hasPrefix("Bearer ") else { return false }
        return ConstantTime.equals(Array(header.utf8.dropFirst(7)), bytes)
    }

    public var description: String { "<redacted>" }
}
