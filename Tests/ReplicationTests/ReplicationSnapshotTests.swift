import App
import ClockTesting
import Foundation
import Dispatch
import HTTP
import Locking
import Net
@testable import Replication
import Store
import TestSupport
import Testing

/// Snapshots in ranges over real HTTP on 127.0.0.1: the primary's snapshot files, the standby's checked download, and
/// the online installation into a running standby whose readers stay open.
@Suite struct ReplicationSnapshotTests {
    static let secret: ReplicationSecret = {
        do { return try ReplicationSecret(text: "snapshot-test-secret-0123456789") } catch { preconditionFailure("constant") }
    }()

    /// The primary's replication routes served on a kernel-chosen port.
    final class Served {
        let loops: EventLoopGroup
        let readers: ReaderPool
        let server: HTTPServer
        let routes: ReplicationRoutes

        init(_ node: ReplicationRoundTripTests.TestNode) throws {
            loops = try EventLoopGroup(loopCount: 1, threadNamePrefix: "snapshot-test-loop")
            readers = try ReaderPool(configuration: node.writer.configuration, count: 1)
            routes = ReplicationRoutes(node: node.node, feed: node.feed, secret: ReplicationSnapshotTests.secret,
                                       readers: readers, databasePath: node.writer.configuration.path, promote: nil)
            var router = Router()
            routes.register(in: &router)
            var configuration = HTTPServerConfiguration()
            configuration.port = 0
            server = HTTPServer(configuration: configuration, group: loops, router: router)
            try server.start()
        }

        var peer: ReplicationPeer { get throws { try ReplicationPeer(url: "http://127.0.0.1:\(server.localPort)") } }

        func stop() {
            _ = server.shutdown(deadline: .seconds(2))
            readers.close()
            loops.shutdown()
        }
    }

    static func insertItems(_ node: ReplicationRoundTripTests.TestNode, _ range: Range<Int>) throws {
        for id in range {
            try node.writer.performAndWait { transaction in
                try transaction.run("INSERT INTO items(id, label) VALUES (?, ?)", [id, String(repeating: "x", count: 200) + "\(id)"])
            }
        }
    }

    @Test func downloadInRangesInstallsOnlineUnderOpenReadersAndFollowingGoesOn() throws {
        let primary = try ReplicationRoundTripTests.TestNode(role: .primary)
        let standby = try ReplicationRoundTripTests.TestNode(role: .standby)
        defer { primary.writer.shutdown(); standby.writer.shutdown() }
        try Self.insertItems(primary, 1..<301)
        let served = try Served(primary)
        defer { served.stop() }

        let reader = try Connection(configuration: standby.writer.configuration, readOnly: true)
        defer { reader.close() }
        #expect(try reader.queryOne("SELECT count(*) AS n FROM items", [])?.int("n") == 0)
        var download = ReplicationSnapshotDownload(peer: try served.peer, secret: Self.secret)
        download.chunkBytes = 4_096
        let file = standby.directory.file("incoming.db")
        let snapshot = try download.run(to: file)
        #expect(snapshot.byteSize > 10 * 4_096 && snapshot.headSeq == 300)
        #expect(served.routes.snapshots.snapshot(id: snapshot.id) == nil, "the standby deleted the primary's copy")
        let position = try ReplicationSnapshot.prepare(file, term: snapshot.term, nowMilliseconds: 1)
        try ReplicationSnapshot.installOnline(file, position: position, writer: standby.writer, node: standby.node)

        #expect(try reader.queryOne("SELECT count(*) AS n FROM items", [])?.int("n") == 300)
        let walAttributes = try FileManager.default.attributesOfItem(atPath: standby.writer.configuration.path + "-wal")
        #expect(walAttributes[.size] as? Int == 0, "the WAL the copy filled is truncated")
        #expect(standby.node.current.headSeq == 300)
        #expect(standby.node.current.headChecksum == primary.node.current.headChecksum)
        #expect(try standby.writer.performAndWait { try ReplicationLog.nodeRow(in: $0) }.role == .standby)
        // The chain continues from the snapshot's head.
        try Self.insertItems(primary, 301..<304)
        let next = try #require(primary.feed.recordsInMemory(after: 300, maxBytes: 1 << 20))
        let applier = ReplicationApplier(writer: standby.writer, node: standby.node, clock: ManualClock(milliseconds: 2)) { _ in }
        try applier.apply(next)
        #expect(try reader.queryOne("SELECT count(*) AS n FROM items", [])?.int("n") == 303)
        #expect(standby.node.current.headChecksum == primary.node.current.headChecksum)

        // Once promoted, a late snapshot is refused and the database is left alone.
        let late = standby.directory.file("late.db")
        let again = try download.run(to: late)
        let latePosition = try ReplicationSnapshot.prepare(late, term: again.term, nowMilliseconds: 3)
        standby.node.update { $0.role = .primary }
        #expect(throws: ReplicationError.notStandby(seq: latePosition.seq)) {
            try ReplicationSnapshot.installOnline(late, position: latePosition, writer: standby.writer, node: standby.node)
        }
        #expect(try reader.queryOne("SELECT count(*) AS n FROM items", [])?.int("n") == 303)
    }

    @Test func snapshotStoreServesRangesRefusesUnknownIdsAndBadRangesAndCleansUp() throws {
        let primary = try ReplicationRoundTripTests.TestNode(role: .primary)
        defer { primary.writer.shutdown() }
        try Self.insertItems(primary, 1..<21)
        let store = ReplicationSnapshotStore(databasePath: primary.writer.configuration.path, maxSnapshots: 2)
        let snapshot = try store.take(term: 3)
        #expect(snapshot.term == 3 && snapshot.headSeq == 20)
        let head = try store.read(id: snapshot.id, offset: 0, length: 16)
        #expect(Array("SQLite format 3\0".utf8) == head)
        let tail = try store.read(id: snapshot.id, offset: snapshot.byteSize - 10, length: 4_096)
        #expect(tail.count == 10)
        #expect(throws: ReplicationError.snapshotUnknown(id: "nope")) { try store.read(id: "nope", offset: 0, length: 1) }
        #expect(throws: ReplicationError.snapshotRangeInvalid(offset: snapshot.byteSize + 1, length: 1,
                                                              byteSize: snapshot.byteSize)) {
            try store.read(id: snapshot.id, offset: snapshot.byteSize + 1, length: 1)
        }
        let folder = primary.directory.file("replication-snapshots")
        let second = try store.take(term: 3)
        #expect(store.remove(id: second.id))
        #expect(!store.remove(id: second.id))
        store.removeExpired(now: .now + .seconds(7_200))
        #expect(store.snapshot(id: snapshot.id) == nil, "idle for maxAge: expired")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    /// A test clock for the snapshot store: starts now, moves only when told.
    final class ManualMonotonicClock: Sendable {
        private let instant = Locked(ContinuousClock.now)
        var now: ContinuousClock.Instant { instant.withLock { $0 } }
        func advance(_ duration: Duration) { instant.withLock { $0 += duration } }
    }

    @Test func snapshotsInUseAreNeverEvictedATakeIsRefusedInstead() throws {
        let primary = try ReplicationRoundTripTests.TestNode(role: .primary)
        defer { primary.writer.shutdown() }
        try Self.insertItems(primary, 1..<11)
        let clock = ManualMonotonicClock()
        let store = ReplicationSnapshotStore(databasePath: primary.writer.configuration.path, maxSnapshots: 2,
                                             inUseWindow: .seconds(300)) { clock.now }
        let first = try store.take(term: 1)
        let second = try store.take(term: 1)
        #expect(throws: ReplicationError.snapshotLimitReached(limit: 2)) { try store.take(term: 1) }
        clock.advance(.seconds(301))
        _ = try store.read(id: first.id, offset: 0, length: 16)   // a standby still fetches the older one
        let third = try store.take(term: 1)
        #expect(store.snapshot(id: first.id) != nil, "read recently: kept although older")
        #expect(store.snapshot(id: second.id) == nil, "idle: evicted")
        #expect(store.snapshot(id: third.id) != nil)
    }

    @Test func oneTakeRunsAtATime() throws {
        let primary = try ReplicationRoundTripTests.TestNode(role: .primary)
        defer { primary.writer.shutdown() }
        try Self.insertItems(primary, 1..<11)
        let entered = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let store = ReplicationSnapshotStore(databasePath: primary.writer.configuration.path, maxAge: .seconds(3_600),
                                             maxSnapshots: 2, inUseWindow: .seconds(300), now: { .now }) { source, file in
            entered.signal()
            release.wait()
            return try BackupMaker(databasePath: source).makeBackup(to: file)
        }
        let firstTaken = DispatchSemaphore(value: 0)
        let first = Locked<ReplicationSnapshotStore.Snapshot?>(nil)
        Thread {
            let taken = try? store.take(term: 1)
            first.withLock { $0 = taken }
            firstTaken.signal()
        }.start()
        entered.wait()
        #expect(throws: ReplicationError.snapshotTakeInProgress) { try store.take(term: 1) }
        release.signal()
        firstTaken.wait()
        #expect(first.withLock { $0 } != nil)
        release.signal()
        #expect(try store.take(term: 1).headSeq == 10, "the slot is free again")
    }

    @Test func downloadRefusesAnotherSchemaVersionBeforeFetchingAndStopsOnRequest() throws {
        let primary = try ReplicationRoundTripTests.TestNode(role: .primary)
        defer { primary.writer.shutdown() }
        try Self.insertItems(primary, 1..<21)
        let served = try Served(primary)
        defer { served.stop() }
        let folder = primary.directory.file("replication-snapshots")
        let file = primary.directory.file("incoming.db")
        var download = ReplicationSnapshotDownload(peer: try served.peer, secret: Self.secret)
        download.localSchemaVersion = 99
        #expect(throws: ReplicationError.snapshotSchemaMismatch(snapshotVersion: 0, localVersion: 99)) {
            try download.run(to: file)
        }
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty, "the primary dropped its copy")

        download.localSchemaVersion = 0
        download.isStopRequested = { true }
        #expect(throws: ReplicationError.self) { try download.run(to: file) }
        #expect(!FileManager.default.fileExists(atPath: file))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test func routesLeaveFilesAloneAndStartUpCleanupRemovesLeftovers() throws {
        let primary = try ReplicationRoundTripTests.TestNode(role: .primary)
        defer { primary.writer.shutdown() }
        let databasePath = primary.writer.configuration.path
        let folder = primary.directory.file("replication-snapshots")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let leftover = folder + "/old.db"
        #expect(FileManager.default.createFile(atPath: leftover, contents: Data([1])))
        #expect(FileManager.default.createFile(atPath: databasePath + ".rebootstrap", contents: Data([1])))
        let served = try Served(primary)
        served.stop()
        #expect(FileManager.default.fileExists(atPath: leftover), "building the routes deletes nothing")
        ReplicationSnapshotStore(databasePath: databasePath).removeLeftovers()
        ReplicationBootstrap.removeLeftovers(databasePath: databasePath)
        #expect(!FileManager.default.fileExists(atPath: leftover))
        #expect(!FileManager.default.fileExists(atPath: databasePath + ".rebootstrap"))
    }

    @Test func startUpCheckAcknowledgesUnderTheFollowersNameSoItNeverPinsPruning() throws {
        let primary = try ReplicationRoundTripTests.TestNode(role: .primary)
        defer { primary.writer.shutdown() }
        try Self.insertItems(primary, 1..<6)
        let served = try Served(primary)
        defer { served.stop() }
        #expect(try ReplicationBootstrap.decide(appliedSeq: 3, peer: try served.peer, secret: Self.secret) == .follow(appliedSeq: 3))
        #expect(served.routes.feed.acknowledgedSeqs == ["standby": 3])
    }
}
