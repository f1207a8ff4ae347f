import Foundation
import Locking
import Store

/// The primary's snapshot files for bootstrapping standbys: each is an online backup (`BackupMaker`: one read
/// snapshot, `integrity_check`, fsync, SHA-256) written to `<data dir>/replication-snapshots/<id>.db`, then served in
/// ranges (`GET /replication/snapshots/{id}?offset=&length=`) so neither node ever holds the whole database in memory.
///
/// Methods that touch files block (run them on a thread of their own, never an event loop or the writer); the
/// registry of live snapshots is small and sits in a `Locked`. A snapshot goes when its standby deletes it, when it is
/// older than `maxAge`, or when the node starts (leftovers of a crash are removed by `removeLeftovers()`).
public final class ReplicationSnapshotStore: Sendable {
    /// What a standby needs to fetch and check a snapshot (the body of `POST /replication/snapshots`).
    public struct Snapshot: Sendable, Codable, Equatable {
        public var id: String
        public var byteSize: Int64
        /// Lower-case hex SHA-256 of the whole file.
        public var sha256: String
        /// The log head the copy contains: the standby follows from here.
        public var headSeq: Int64
        public var term: Int64
        public var schemaVersion: Int
    }

    /// A live snapshot and when it was taken (for `maxAge` and eviction).
    private struct Entry: Sendable {
        var snapshot: Snapshot
        var createdAt: ContinuousClock.Instant
    }

    /// Snapshots older than this are removed when another is taken.
    public let maxAge: Duration
    /// At most this many snapshots exist at once (a new one beyond it removes the oldest).
    public let maxSnapshots: Int
    private let databasePath: String
    private let directory: String
    private let entries = Locked<[String: Entry]>([:])

    public init(databasePath: String, maxAge: Duration = .seconds(3_600), maxSnapshots: Int = 2) {
        self.databasePath = databasePath
        directory = (databasePath as NSString).deletingLastPathComponent + "/replication-snapshots"
        self.maxAge = maxAge
        self.maxSnapshots = max(1, maxSnapshots)
    }

    /// The file of snapshot `id` (ids are generated here: hex only, so never a path).
    private func path(of id: String) -> String { directory + "/" + id + ".db" }

    /// Takes a new snapshot of the database as the primary at `term`. Blocking (seconds for a large database).
    public func take(term: Int64) throws -> Snapshot {
        removeExpired()
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ReplicationError.snapshotFailed(step: "creating \(directory)", detail: error.localizedDescription)
        }
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let manifest: BackupManifest
        do {
            manifest = try BackupMaker(databasePath: databasePath).makeBackup(to: path(of: id))
        } catch {
            throw ReplicationError.snapshotFailed(step: "online backup", detail: String(describing: error))
        }
        let snapshot = Snapshot(id: id, byteSize: manifest.byteSize, sha256: manifest.sha256,
                                headSeq: manifest.replicationSequence ?? 0, term: term,
                                schemaVersion: manifest.schemaVersion)
        let evicted = entries.withLock { entries -> [String] in
            entries[id] = Entry(snapshot: snapshot, createdAt: .now)
            let excess = entries.count - maxSnapshots
            guard excess > 0 else { return [] }
            let oldest = entries.values.sorted { $0.createdAt < $1.createdAt }.prefix(excess).map(\.snapshot.id)
            for old in oldest { entries[old] = nil }
            return oldest
        }
        for old in evicted { removeFiles(of: old) }
        return snapshot
    }

    /// The snapshot `id`, or nil when it is unknown (never taken, deleted or expired).
    public func snapshot(id: String) -> Snapshot? {
        entries.withLock { $0[id]?.snapshot }
    }

    /// Up to `length` bytes of snapshot `id` from `offset` (fewer only at the end of the file). Blocking.
    public func read(id: String, offset: Int64, length: Int) throws -> [UInt8] {
        guard let snapshot = snapshot(id: id) else { throw ReplicationError.snapshotUnknown(id: id) }
        guard offset >= 0, offset <= snapshot.byteSize, length > 0 else {
            throw ReplicationError.snapshotRangeInvalid(offset: offset, length: length, byteSize: snapshot.byteSize)
        }
        let count = Int(min(Int64(length), snapshot.byteSize - offset))
        guard count > 0 else { return [] }
        do {
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: path(of: id)))
            defer { try? handle.close() }
            try handle.seek(toOffset: UInt64(offset))
            let data = try handle.read(upToCount: count) ?? Data()
            return Array(data)
        } catch {
            throw ReplicationError.snapshotFailed(step: "reading snapshot \(id)", detail: error.localizedDescription)
        }
    }

    /// Forgets snapshot `id` and removes its files; returns whether it existed.
    @discardableResult
    public func remove(id: String) -> Bool {
        let existed = entries.withLock { $0.removeValue(forKey: id) != nil }
        if existed { removeFiles(of: id) }
        return existed
    }

    /// Removes snapshots older than `maxAge`.
    public func removeExpired(now: ContinuousClock.Instant = .now) {
        let expired = entries.withLock { entries -> [String] in
            let old = entries.values.filter { now - $0.createdAt > maxAge }.map(\.snapshot.id)
            for id in old { entries[id] = nil }
            return old
        }
        for id in expired { removeFiles(of: id) }
    }

    /// Removes every file in the snapshot folder (call at start, before any snapshot is taken: leftovers of a crash).
    public func removeLeftovers() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names { try? FileManager.default.removeItem(atPath: directory + "/" + name) }
    }

    private func removeFiles(of id: String) {
        let file = path(of: id)
        for path in [file, BackupManifest.path(forBackup: file)] { try? FileManager.default.removeItem(atPath: path) }
    }
}
