import Foundation
import Locking
import Store

/// The primary's snapshot files for bootstrapping standbys: each is an online backup (`BackupMaker`: one read
/// snapshot, `integrity_check`, fsync, SHA-256) written to `<data dir>/replication-snapshots/<id>.db`, then served in
/// ranges (`GET /replication/snapshots/{id}?offset=&length=`) so neither node ever holds the whole database in memory.
///
/// Methods that touch files block (run them on a thread of their own, never an event loop or the writer); the
/// registry of live snapshots is small and sits in a `Locked`. One take runs at a time (another answers
/// `snapshotTakeInProgress`: N standbys never need N copies of the database at once). A snapshot goes when its standby
/// deletes it, when nobody took or read it for `maxAge`, when a newer take needs its place and nobody used it for
/// `inUseWindow` (one being downloaded is never evicted: the take is refused with `snapshotLimitReached` instead), or
/// when the node starts (leftovers of a crash: `removeLeftovers()`, called by the App, never by an initialiser).
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

    /// A live snapshot, when it was taken and when it was last taken or read (for `maxAge` and eviction).
    private struct Entry: Sendable {
        var snapshot: Snapshot
        var createdAt: ContinuousClock.Instant
        var lastUsedAt: ContinuousClock.Instant
    }

    /// Snapshots nobody took or read for this long are removed when another is taken.
    public let maxAge: Duration
    /// At most this many snapshots exist at once (a new one beyond it evicts the oldest idle one).
    public let maxSnapshots: Int
    /// A snapshot taken or read within this window is in use (a standby is fetching it): never evicted.
    public let inUseWindow: Duration
    private let databasePath: String
    private let directory: String
    private let entries = Locked<[String: Entry]>([:])
    private let isTaking = Locked(false)
    private let now: @Sendable () -> ContinuousClock.Instant
    private let makeBackup: @Sendable (_ databasePath: String, _ destination: String) throws -> BackupManifest

    public convenience init(databasePath: String, maxAge: Duration = .seconds(3_600), maxSnapshots: Int = 2,
                            inUseWindow: Duration = .seconds(300),
                            now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.init(databasePath: databasePath, maxAge: maxAge, maxSnapshots: maxSnapshots, inUseWindow: inUseWindow,
                  now: now) { source, destination in
            try BackupMaker(databasePath: source).makeBackup(to: destination)
        }
    }

    /// `makeBackup` writes the copy (tests hold it to observe a take in progress).
    init(databasePath: String, maxAge: Duration, maxSnapshots: Int, inUseWindow: Duration,
         now: @escaping @Sendable () -> ContinuousClock.Instant,
         makeBackup: @escaping @Sendable (_ databasePath: String, _ destination: String) throws -> BackupManifest) {
        self.databasePath = databasePath
        directory = (databasePath as NSString).deletingLastPathComponent + "/replication-snapshots"
        self.maxAge = maxAge
        self.maxSnapshots = max(1, maxSnapshots)
        self.inUseWindow = inUseWindow
        self.now = now
        self.makeBackup = makeBackup
    }

    /// The file of snapshot `id` (ids are generated here: hex only, so never a path).
    private func path(of id: String) -> String { directory + "/" + id + ".db" }

    /// Takes a new snapshot of the database as the primary at `term`. Blocking (seconds for a large database).
    /// - Throws: `ReplicationError.snapshotTakeInProgress` while another take runs, `.snapshotLimitReached` when
    ///   `maxSnapshots` snapshots are in use, `.snapshotFailed` when the backup fails.
    public func take(term: Int64) throws -> Snapshot {
        removeExpired()
        try reserveTake()
        defer { isTaking.withLock { $0 = false } }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw ReplicationError.snapshotFailed(step: "creating \(directory)", detail: error.localizedDescription)
        }
        let id = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        let manifest: BackupManifest
        do {
            manifest = try makeBackup(databasePath, path(of: id))
        } catch {
            removeFiles(of: id)
            throw ReplicationError.snapshotFailed(step: "online backup", detail: String(describing: error))
        }
        let snapshot = Snapshot(id: id, byteSize: manifest.byteSize, sha256: manifest.sha256,
                                headSeq: manifest.replicationSequence ?? 0, term: term,
                                schemaVersion: manifest.schemaVersion)
        let taken = now()
        let evicted = entries.withLock { entries -> [String] in
            entries[id] = Entry(snapshot: snapshot, createdAt: taken, lastUsedAt: taken)
            let excess = entries.count - maxSnapshots
            guard excess > 0 else { return [] }
            let idle = entries.values.filter { taken - $0.lastUsedAt >= inUseWindow }
            let oldest = idle.sorted { $0.createdAt < $1.createdAt }.prefix(excess).map(\.snapshot.id)
            for old in oldest { entries[old] = nil }
            return oldest
        }
        for old in evicted { removeFiles(of: old) }
        return snapshot
    }

    /// Claims the one take slot, or throws why a take cannot start now.
    private func reserveTake() throws {
        let wasTaking = isTaking.withLock { taking in
            defer { taking = true }
            return taking
        }
        guard !wasTaking else { throw ReplicationError.snapshotTakeInProgress }
        let current = now()
        let inUse = entries.withLock { entries in entries.values.count { current - $0.lastUsedAt < inUseWindow } }
        guard inUse < maxSnapshots else {
            isTaking.withLock { $0 = false }
            throw ReplicationError.snapshotLimitReached(limit: maxSnapshots)
        }
    }

    /// The snapshot `id`, or nil when it is unknown (never taken, deleted or expired).
    public func snapshot(id: String) -> Snapshot? {
        entries.withLock { $0[id]?.snapshot }
    }

    /// Up to `length` bytes of snapshot `id` from `offset` (fewer only at the end of the file). Blocking.
    public func read(id: String, offset: Int64, length: Int) throws -> [UInt8] {
        let current = now()
        let found = entries.withLock { entries -> Snapshot? in
            entries[id]?.lastUsedAt = current
            return entries[id]?.snapshot
        }
        guard let snapshot = found else { throw ReplicationError.snapshotUnknown(id: id) }
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

    /// Removes snapshots nobody took or read for `maxAge` (as of `now`, by default the store's clock).
    public func removeExpired(now: ContinuousClock.Instant? = nil) {
        let current = now ?? self.now()
        let expired = entries.withLock { entries -> [String] in
            let old = entries.values.filter { current - $0.lastUsedAt > maxAge }.map(\.snapshot.id)
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
