@testable import App
import Replication
import Store
import Testing
import TestSupport

/// The fence columns of `replication_node`: stored, loaded only while above the node's term, never lowered, and
/// cleared by an offline promotion, which also takes a term above the fence.
@Suite struct ReplicationFenceTests {
    static func migratedDatabase() throws -> (TemporaryDirectory, Connection) {
        let directory = try TemporaryDirectory(prefix: "fence")
        let configuration = StoreConfiguration(path: directory.file("worldgame.db"))
        try DatabaseSetup.migrate(configuration)
        return (directory, try Connection(configuration: configuration, readOnly: false))
    }

    @Test func storedFenceLoadsWhileAboveTheTermAndIsNeverLowered() throws {
        let (directory, connection) = try Self.migratedDatabase()
        defer { connection.close() }
        #expect(try ReplicationFence.load(in: connection) == nil)
        try ReplicationFence.store(ReplicationFence(term: 3, primaryURL: "http://b:4000"), nowMilliseconds: 1, in: connection)
        #expect(try ReplicationFence.load(in: connection) == ReplicationFence(term: 3, primaryURL: "http://b:4000"))
        try ReplicationFence.store(ReplicationFence(term: 2, primaryURL: "http://c:4000"), nowMilliseconds: 2, in: connection)
        #expect(try ReplicationFence.load(in: connection)?.term == 3)
        #expect(try ReplicationFence.knownTerm(in: connection) == 3)
        try ReplicationLog.setRole(.standby, term: 3, nowMilliseconds: 3, in: connection)
        #expect(try ReplicationFence.load(in: connection) == nil, "a node at the fence's term (rejoined) is not fenced")
        _ = directory
    }

    @Test func offlinePromotionOfAFencedNodeTakesATermAboveTheFenceAndClearsIt() throws {
        let (directory, connection) = try Self.migratedDatabase()
        try ReplicationFence.store(ReplicationFence(term: 5, primaryURL: "http://b:4000"), nowMilliseconds: 1, in: connection)
        connection.close()
        #expect(try PromoteCommand.promoteOffline(path: directory.file("worldgame.db")) == 6)
        let reopened = try Connection(configuration: StoreConfiguration(path: directory.file("worldgame.db")), readOnly: true)
        defer { reopened.close() }
        #expect(try ReplicationFence.load(in: reopened) == nil)
        #expect(try ReplicationLog.nodeRow(in: reopened).term == 6)
    }
}
