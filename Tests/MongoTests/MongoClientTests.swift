import Locking
import Testing
@testable import Mongo

/// The client against the strict fake server: handshake, SCRAM, batching within the server's limits, retries.
@Suite struct MongoClientTests {
    static func documents(_ range: Range<Int>, padding: Int = 0) -> [BSONDocument] {
        range.map { ["_id": .int64(Int64($0)), "name": .string("player \($0)" + String(repeating: "x", count: padding))] }
    }

    @Test func authenticatesAndUpsertsInBatchesWithinMaxWriteBatchSize() throws {
        let server = try FakeMongoServer(maxWriteBatchSize: 3, requiresAuthentication: true)
        defer { server.stop() }
        let client = MongoClient(uri: try MongoURI("mongodb://user:pencil@127.0.0.1:\(server.port)/game"))
        let summary = try client.upsert(database: "game", collection: "players", documents: Self.documents(0..<8))
        #expect(summary.upserted == 8)
        let state = server.state.withLock { $0 }
        #expect(state.updateBatchSizes == [3, 3, 2])
        #expect(state.commands.prefix(3) == ["hello", "saslStart", "saslContinue"])
        #expect(state.violations.isEmpty)
        let again = try client.upsert(database: "game", collection: "players", documents: Self.documents(0..<2))
        #expect(again.matched == 2 && again.upserted == 0)
        #expect(server.state.withLock { $0.documents.count } == 8)
    }

    @Test func splitsBatchesBelowMaxMessageSize() throws {
        let server = try FakeMongoServer(maxMessageBytes: 64 * 1024)
        defer { server.stop() }
        let client = MongoClient(uri: try MongoURI("mongodb://127.0.0.1:\(server.port)"))
        try client.upsert(database: "game", collection: "squares", documents: Self.documents(0..<20, padding: 10_000))
        let sizes = server.state.withLock { $0.updateBatchSizes }
        #expect(sizes.reduce(0, +) == 20)
        #expect(sizes.count >= 5 && sizes.allSatisfy { $0 <= 4 })
        #expect(server.state.withLock { $0.violations }.isEmpty)
    }

    @Test func refusesAWrongPassword() throws {
        let server = try FakeMongoServer(requiresAuthentication: true)
        defer { server.stop() }
        let client = MongoClient(uri: try MongoURI("mongodb://user:wrong@127.0.0.1:\(server.port)/game"))
        #expect(throws: MongoError.self) { try client.upsert(database: "game", collection: "players", documents: Self.documents(0..<1)) }
        #expect(server.state.withLock { $0.documents.isEmpty })
    }

    @Test func retriesADroppedConnectionOnceWithTheSameTransactionNumber() throws {
        let server = try FakeMongoServer()
        defer { server.stop() }
        server.fail(next: .drop(afterApplying: true))
        let client = MongoClient(uri: try MongoURI("mongodb://127.0.0.1:\(server.port)"))
        let summary = try client.upsert(database: "game", collection: "players", documents: Self.documents(0..<5))
        let state = server.state.withLock { $0 }
        #expect(summary.upserted == 5)
        #expect(state.applyCount == 5)  // the retry got the stored result: applied once.
        #expect(state.commands.filter { $0 == "hello" }.count == 2)
    }

    @Test func retriesALabelledErrorOnceButNotTwice() throws {
        let server = try FakeMongoServer()
        defer { server.stop() }
        let client = MongoClient(uri: try MongoURI("mongodb://127.0.0.1:\(server.port)"))
        server.fail(next: .commandError(code: 10107, labels: ["RetryableWriteError"]))
        #expect(try client.upsert(database: "g", collection: "c", documents: Self.documents(0..<1)).upserted == 1)
        server.fail(next: .commandError(code: 91, labels: []), .commandError(code: 91, labels: []))
        #expect(throws: MongoError.self) { try client.upsert(database: "g", collection: "c", documents: Self.documents(1..<2)) }
    }

    @Test func doesNotRetryANonRetryableError() throws {
        let server = try FakeMongoServer()
        defer { server.stop() }
        let client = MongoClient(uri: try MongoURI("mongodb://127.0.0.1:\(server.port)"))
        server.fail(next: .commandError(code: 2, labels: []))
        #expect(throws: MongoError.commandFailed(command: "update", code: 2, codeName: "", message: "injected", labels: [])) {
            try client.upsert(database: "g", collection: "c", documents: Self.documents(0..<1))
        }
        #expect(server.state.withLock { $0.failures.isEmpty && $0.documents.isEmpty })
    }

    @Test func reportsAWriteConcernError() throws {
        let server = try FakeMongoServer()
        defer { server.stop() }
        let client = MongoClient(uri: try MongoURI("mongodb://127.0.0.1:\(server.port)/?retryWrites=false"))
        server.fail(next: .writeConcernError(code: 64))
        #expect(throws: MongoError.writeConcernFailed(code: 64, message: "injected", labels: [])) {
            try client.upsert(database: "g", collection: "c", documents: Self.documents(0..<1))
        }
    }

    @Test func sendsNoTransactionNumberToAStandaloneServer() throws {
        let server = try FakeMongoServer(isReplicaSet: false)
        defer { server.stop() }
        server.fail(next: .drop(afterApplying: false))
        let client = MongoClient(uri: try MongoURI("mongodb://127.0.0.1:\(server.port)"))
        #expect(try client.upsert(database: "g", collection: "c", documents: Self.documents(0..<3)).upserted == 3)
        #expect(server.state.withLock { $0.violations }.isEmpty)
    }

    @Test func failsClearlyWhenNoServerAnswers() throws {
        let client = MongoClient(uri: try MongoURI("mongodb://127.0.0.1:1/?connectTimeoutMS=500"))
        #expect(throws: MongoError.self) { try client.upsert(database: "g", collection: "c", documents: Self.documents(0..<1)) }
    }
}

/// Server selection: following a secondary's `primary`, resolving `mongodb+srv` seeds, refusing oversized documents.
@Suite struct MongoServerSelectionTests {
    @Test func followsTheSecondarysPrimary() throws {
        let primary = try FakeMongoServer()
        defer { primary.stop() }
        let secondary = try FakeMongoServer(secondaryOf: "127.0.0.1:\(primary.port)")
        defer { secondary.stop() }
        let client = MongoClient(uri: try MongoURI("mongodb://127.0.0.1:\(secondary.port)"))
        #expect(try client.upsert(database: "g", collection: "c", documents: MongoClientTests.documents(0..<2)).upserted == 2)
        #expect(primary.state.withLock { $0.documents.count } == 2)
        #expect(secondary.state.withLock { $0.documents.isEmpty && $0.commands == ["hello"] })
    }

    @Test func resolvesSRVSeedsAndUsesTLSAndTheTXTAuthSource() throws {
        let (responder, resolver) = try DNSClientTests.startResponder()
        _ = responder
        let server = try FakeMongoServer(requiresAuthentication: true)
        defer { server.stop() }
        let opened = OpenedStreams()
        let port = server.port
        let factory: MongoStreamFactory = { host, _, useTLS, timeout in
            opened.record("\(host) tls=\(useTLS)")
            guard host == "node-a.example.com" else { throw MongoError.network(host: host, reason: "unreachable in this test") }
            return try TCPMongoStream.factory("127.0.0.1", port, false, timeout)
        }
        let client = MongoClient(uri: try MongoURI("mongodb+srv://user:pencil@cluster0.example.com/game"),
                                 streamFactory: factory, resolver: resolver)
        #expect(try client.upsert(database: "game", collection: "players", documents: MongoClientTests.documents(0..<1)).upserted == 1)
        #expect(opened.hosts == ["node-a.example.com tls=true"])
        #expect(server.state.withLock { $0.commands.contains("saslStart") })
    }

    @Test func refusesADocumentOverMaxBsonObjectSize() throws {
        let server = try FakeMongoServer()
        defer { server.stop() }
        let client = MongoClient(uri: try MongoURI("mongodb://127.0.0.1:\(server.port)"))
        let huge: BSONDocument = ["_id": .int64(1), "blob": .binary(subtype: 0, bytes: Array(repeating: 0, count: 17 * 1024 * 1024))]
        #expect(throws: MongoError.self) { try client.upsert(database: "g", collection: "c", documents: [huge]) }
        #expect(server.state.withLock { $0.documents.isEmpty })
    }
}

/// The hosts a test's stream factory was asked for.
final class OpenedStreams: Sendable {
    private let opened = Locked<[String]>([])
    func record(_ host: String) { opened.withLock { $0.append(host) } }
    var hosts: [String] { opened.withLock { $0 } }
}
