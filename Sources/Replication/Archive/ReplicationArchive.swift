import Crypto
import Foundation

/// A folder of log archive segments: replication records kept after the pruner deletes them from the live log, for
/// point-in-time restores (`docs/backups.md`).
///
/// A segment `records-<first>-<last>.wgra` (20-digit seqs) holds records first...last in order: the magic `WGA1`,
/// the records framed as `ReplicationRecordCodec` frames them, then the SHA-256 of everything before it (32 bytes),
/// which also covers the events that the running checksum does not. Segments are written to `<name>.partial`,
/// fsynced, renamed and the folder fsynced, so a crash leaves either a whole segment or a `.partial` that readers
/// ignore. Segments may overlap (a prune whose batch rolled back is archived again); readers check that overlapping
/// records are equal. A value; blocking file I/O on the calling thread (the writer thread when archiving).
public struct ReplicationArchive: Sendable {
    static let magic: [UInt8] = Array("WGA1".utf8)
    static let fileExtension = "wgra"

    /// The folder holding the segments.
    public let directory: String

    /// One segment file and the seqs its name claims.
    public struct Segment: Sendable, Equatable {
        public var path: String
        public var firstSeq: Int64
        public var lastSeq: Int64
    }

    public init(directory: String) {
        self.directory = directory
    }

    /// Writes `records` (in order, contiguous, non-empty) as one segment; returns its path.
    @discardableResult
    public func write(_ records: [ReplicationRecord]) throws(ReplicationArchiveError) -> String {
        guard let first = records.first, let last = records.last else {
            throw .fileOperationFailed(operation: "archive", path: directory, reason: "no records to archive")
        }
        try createDirectoryIfMissing()
        var bytes = Self.magic
        bytes.append(contentsOf: ReplicationRecordCodec.encode(records))
        bytes.append(contentsOf: SHA256.hash(bytes))
        let path = directory + "/" + Self.name(firstSeq: first.seq, lastSeq: last.seq)
        let partial = path + ".partial"
        try? FileManager.default.removeItem(atPath: partial)
        guard FileManager.default.createFile(atPath: partial, contents: Data(bytes), attributes: [.posixPermissions: 0o600])
        else { throw .fileOperationFailed(operation: "create", path: partial, reason: "cannot create the file") }
        try Self.synchronize(partial)
        do {
            if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
            try FileManager.default.moveItem(atPath: partial, toPath: path)
        } catch {
            throw .fileOperationFailed(operation: "rename", path: partial, reason: error.localizedDescription)
        }
        try Self.synchronize(directory)
        return path
    }

    /// The segments in the folder, by first seq (none when the folder does not exist).
    public func segments() throws(ReplicationArchiveError) -> [Segment] {
        guard FileManager.default.fileExists(atPath: directory) else { return [] }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw .fileOperationFailed(operation: "list", path: directory, reason: error.localizedDescription)
        }
        return names.compactMap { name in
            Self.range(ofName: name).map { Segment(path: directory + "/" + name, firstSeq: $0.first, lastSeq: $0.last) }
        }.sorted { ($0.firstSeq, $0.lastSeq) < ($1.firstSeq, $1.lastSeq) }
    }

    /// Reads and checks one segment: magic, trailing SHA-256, framing, and that it holds exactly the contiguous
    /// records its name claims.
    public static func read(_ segment: Segment) throws(ReplicationArchiveError) -> [ReplicationRecord] {
        let bytes: [UInt8]
        do {
            bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment.path)))
        } catch {
            throw .fileOperationFailed(operation: "read", path: segment.path, reason: error.localizedDescription)
        }
        guard bytes.count >= magic.count + 32, Array(bytes.prefix(magic.count)) == magic else {
            throw .segmentCorrupted(path: segment.path, detail: "no WGA1 header (\(bytes.count) bytes)")
        }
        let body = bytes.dropLast(32)
        guard SHA256.hash(body) == Array(bytes.suffix(32)) else {
            throw .segmentCorrupted(path: segment.path, detail: "SHA-256 of the content differs from its trailer")
        }
        let records: [ReplicationRecord]
        do {
            records = try ReplicationRecordCodec.decode(Array(body.dropFirst(magic.count)))
        } catch {
            throw .segmentCorrupted(path: segment.path, detail: error.description)
        }
        let seqs = records.map(\.seq)
        guard segment.lastSeq >= segment.firstSeq, seqs == Array(segment.firstSeq...segment.lastSeq) else {
            throw .segmentCorrupted(path: segment.path, detail:
                "holds seqs \(seqs.first ?? 0)...\(seqs.last ?? 0) (\(seqs.count) records), its name says \(segment.firstSeq)...\(segment.lastSeq)")
        }
        return records
    }

    /// `records-00000000000000000001-00000000000000001000.wgra`.
    static func name(firstSeq: Int64, lastSeq: Int64) -> String {
        "records-" + padded(firstSeq) + "-" + padded(lastSeq) + "." + fileExtension
    }

    /// The seqs a segment's file name claims, or nil for any other file (including `.partial` ones).
    static func range(ofName name: String) -> (first: Int64, last: Int64)? {
        guard name.hasPrefix("records-"), name.hasSuffix("." + fileExtension) else { return nil }
        let parts = name.dropFirst("records-".count).dropLast(fileExtension.count + 1).split(separator: "-")
        guard parts.count == 2, let first = Int64(parts[0]), let last = Int64(parts[1]), first >= 1, last >= first else {
            return nil
        }
        return (first, last)
    }

    private static func padded(_ seq: Int64) -> String {
        let digits = String(seq)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits
    }

    private func createDirectoryIfMissing() throws(ReplicationArchiveError) {
        guard !FileManager.default.fileExists(atPath: directory) else { return }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .fileOperationFailed(operation: "create folder", path: directory, reason: error.localizedDescription)
        }
    }

    /// fsync of a file or folder.
    private static func synchronize(_ path: String) throws(ReplicationArchiveError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .fileOperationFailed(operation: "open for fsync", path: path, reason: "cannot open")
        }
        defer { try? handle.close() }
        do {
            try handle.synchronize()
        } catch {
            throw .fileOperationFailed(operation: "fsync", path: path, reason: error.localizedDescription)
        }
    }
}
