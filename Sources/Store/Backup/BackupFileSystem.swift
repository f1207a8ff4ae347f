import Clocks
import Codecs
import Crypto
import Foundation

/// The file steps backups and restores share: hashing a file in chunks, fsync of a file and of its folder, moves and
/// removals that turn Foundation errors into `BackupError`.
///
/// Stateless; runs on the calling thread (these are blocking calls: never call them from an event loop).
enum BackupFileSystem {
    /// Bytes read per chunk while hashing or copying.
    static let chunkBytes = 1 << 20

    /// The lower-case hex SHA-256 and the size of the file at `path`.
    static func digest(of path: String) throws(BackupError) -> (sha256: String, byteSize: Int64) {
        let stream = SHA256Stream()
        var byteSize: Int64 = 0
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            while let chunk = try handle.read(upToCount: chunkBytes), !chunk.isEmpty {
                stream.update(chunk)
                byteSize += Int64(chunk.count)
            }
        } catch {
            throw .fileOperationFailed(operation: "read", path: path, reason: error.localizedDescription)
        }
        return (Hex.encode(stream.finalize()), byteSize)
    }

    /// Copies `source` to the new file `destination` (mode 0600), fsyncs it, and returns the copied bytes' digest.
    static func copy(_ source: String, to destination: String) throws(BackupError) -> (sha256: String, byteSize: Int64) {
        let stream = SHA256Stream()
        var byteSize: Int64 = 0
        guard FileManager.default.createFile(atPath: destination, contents: nil, attributes: [.posixPermissions: 0o600])
        else { throw .fileOperationFailed(operation: "create", path: destination, reason: "cannot create the file") }
        do {
            let input = try FileHandle(forReadingFrom: URL(fileURLWithPath: source))
            defer { try? input.close() }
            let output = try FileHandle(forWritingTo: URL(fileURLWithPath: destination))
            defer { try? output.close() }
            while let chunk = try input.read(upToCount: chunkBytes), !chunk.isEmpty {
                stream.update(chunk)
                try output.write(contentsOf: chunk)
                byteSize += Int64(chunk.count)
            }
            try output.synchronize()
        } catch {
            throw .fileOperationFailed(operation: "copy to", path: destination, reason: error.localizedDescription)
        }
        return (Hex.encode(stream.finalize()), byteSize)
    }

    /// fsync of the file or folder at `path` (a folder's fsync makes a rename inside it durable).
    static func synchronize(_ path: String) throws(BackupError) {
        do {
            guard let handle = FileHandle(forReadingAtPath: path) else {
                throw BackupError.fileOperationFailed(operation: "open", path: path, reason: "cannot open for fsync")
            }
            defer { try? handle.close() }
            try handle.synchronize()
        } catch let error as BackupError {
            throw error
        } catch {
            throw .fileOperationFailed(operation: "fsync", path: path, reason: error.localizedDescription)
        }
    }

    /// Renames `source` to `destination` (same file system: atomic), which must not exist.
    static func move(_ source: String, to destination: String) throws(BackupError) {
        do {
            try FileManager.default.moveItem(atPath: source, toPath: destination)
        } catch {
            throw .fileOperationFailed(operation: "rename to \(destination):", path: source, reason: error.localizedDescription)
        }
    }

    /// Removes `path` if it exists.
    static func removeIfPresent(_ path: String) throws(BackupError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            throw .fileOperationFailed(operation: "remove", path: path, reason: error.localizedDescription)
        }
    }

    /// Writes `data` to `path` atomically (temporary file, fsync, rename) with mode 0600.
    static func writeAtomically(_ data: Data, to path: String) throws(BackupError) {
        let temporary = path + ".partial"
        try removeIfPresent(temporary)
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600])
        else { throw .fileOperationFailed(operation: "create", path: temporary, reason: "cannot create the file") }
        try synchronize(temporary)
        try removeIfPresent(path)
        try move(temporary, to: path)
    }

    /// The folder part of `path` ("." when it has none).
    static func folder(of path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        return folder.isEmpty ? "." : folder
    }

    /// `instant` as RFC 3339 UTC with whole seconds, and as a file-name stamp `20261126T012233Z`.
    static func timestamps(_ instant: UnixMilliseconds) -> (rfc3339: String, fileStamp: String) {
        let date = instant.date
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .gmt
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { String(format: "%02d", value ?? 0) }
        let day = String(format: "%04d", parts.year ?? 0) + "-" + two(parts.month) + "-" + two(parts.day)
        let time = two(parts.hour) + ":" + two(parts.minute) + ":" + two(parts.second)
        let rfc3339 = day + "T" + time + "Z"
        let fileStamp = day.replacingOccurrences(of: "-", with: "") + "T" + time.replacingOccurrences(of: ":", with: "") + "Z"
        return (rfc3339, fileStamp)
    }
}
