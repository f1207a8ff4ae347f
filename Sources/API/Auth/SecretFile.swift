import Crypto
import Foundation

/// Why the node's secret file could not be used.
public enum SecretFileError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidContents(path: String, expected: String)
    /// Group or others may read it: refuse, as ssh does with private keys.
    case tooPermissive(path: String, mode: Int)
    case cannotCreate(path: String, reason: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read secret file \(path): \(reason)"
        case .invalidContents(let path, let expected): "secret file \(path) must contain \(expected)"
        case .tooPermissive(let path, let mode):
            "secret file \(path) has mode \(String(mode, radix: 8)); run 'chmod 600 \(path)' so only its owner can read it"
        case .cannotCreate(let path, let reason): "cannot create secret file \(path): \(reason)"
        }
    }
}

/// The node's signing secret (`--secret-file`): 32 random bytes stored as 64 hex characters, owner-only (0600).
///
/// Loaded once on the main thread at start-up; generated on first start when the file is absent.
public enum SecretFile {
    public static let secretBytes = 32

    /// Reads the secret at `path`, creating it first (mode 0600, 32 bytes from the OS random source) when absent.
    /// - Throws: `SecretFileError` for unreadable, malformed or group/world-readable files.
    public static func loadOrCreate(path: String) throws(SecretFileError) -> Redacted<[UInt8]> {
        let fileManager = FileManager.default
        if !fileManager.fileExists(atPath: path) { try create(path: path) }
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try fileManager.attributesOfItem(atPath: path)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue ?? 0
        guard mode & 0o077 == 0 else { throw .tooPermissive(path: path, mode: mode) }
        guard let data = fileManager.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "no permission or not a regular file")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let bytes = Hex.decode(text), bytes.count >= secretBytes else {
            throw .invalidContents(path: path, expected: "at least \(secretBytes * 2) hexadecimal characters")
        }
        return Redacted(bytes)
    }

    /// Creates the file empty with mode 0600 first and only then writes the secret, so it is never readable by others.
    private static func create(path: String) throws(SecretFileError) {
        let fileManager = FileManager.default
        let directory = (path as NSString).deletingLastPathComponent
        do {
            if !directory.isEmpty, !fileManager.fileExists(atPath: directory) {
                try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
            }
        } catch {
            throw .cannotCreate(path: path, reason: error.localizedDescription)
        }
        guard fileManager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw .cannotCreate(path: path, reason: "the folder is not writable")
        }
        do {
            try fileManager.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.write(contentsOf: Data((Hex.encode(SecureRandom.bytes(count: secretBytes)) + "\n").utf8))
            try handle.synchronize()
        } catch {
            throw .cannotCreate(path: path, reason: error.localizedDescription)
        }
    }
}
