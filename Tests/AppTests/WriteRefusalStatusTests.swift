import API
import App
import ClockTesting
import Foundation
import HTTP
import Locking
import Replication
import Store
import Telemetry
import TestSupport
import Testing

/// The write status rule: 503 means "refused before anything was applied; safe to retry on the peer" (nginx hands
/// such a write to the other node), 504 means "the outcome is unknown" (never retried). Each refusal the replication
/// recorder makes inside the batch transaction (a node that stopped being primary after the write guard let the
/// write in, a switchover's pause, a stale writer) rolls the whole batch back and answers 503; what may have been
/// applied answers 504.
@Suite struct WriteRefusalStatusTests {
    static let migration: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let url = root.appending(path: "migrations/0007_replication.sql")
        return (try? String(contentsOf: url, encoding: .utf8)) ?? ""
    }()

    enum Refusal: String, CaseIterable, Sendable {
        case steppedDown = "not_primary"
        case switchingOver = "switching_over"
        case staleWriter = "writer_stale"

        func apply(to state: inout ReplicationNode.State) {
            switch self {
            case .steppedDown:
                state.role = .standby
                state.primaryURL = "http://peer:4002"
            case .switchingOver: state.isSwitchingOver = true
            case .staleWriter: state.staleWriterReason = "another process appended to the log"
            }
        }
    }

    /// A primary's writer with the recorder; one write committed before the refusal starts.
    @Test(arguments: Refusal.allCases)
    func aRecorderRefusalAnswers503AndAppliesNothing(_ refusal: Refusal) throws {
        let directory = try TemporaryDirectory(prefix: "write-refusal")
        let path = directory.file("node.db")
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: false)
        try connection.execute(Self.migration + "CREATE TABLE items(id INTEGER PRIMARY KEY, label TEXT NOT NULL) STRICT;")
        connection.close()
        let node = ReplicationNode(role: .primary, term: 1, headSeq: 0, headChecksum: ReplicationChecksum.initial,
                                   headCommittedAtMilliseconds: 0, primaryURL: nil)
        let feed = ReplicationFeed()
        let recorder = ReplicationRecorder(node: node, feed: feed, pruner: ReplicationPruner(retainedRecords: 100, feed: feed),
                                           clock: ManualClock(milliseconds: 42))
        let writer = try Writer(configuration: StoreConfiguration(path: path), observers: [recorder])
        defer { writer.shutdown() }
        try writer.performAndWait { try $0.run("INSERT INTO items(id, label) VALUES (1, 'before')") }

        node.update { refusal.apply(to: &$0) }
        // Several writes at once, so the refused batch may hold more than one command: none of them may survive.
        let results = Locked<[Result<Void, any Error>]>([])
        let done = DispatchSemaphore(value: 0)
        for id in 2...6 {
            writer.submit({ try $0.run("INSERT INTO items(id, label) VALUES (?, 'refused')", [id]) }) { result in
                results.withLock { $0.append(result) }
                done.signal()
            }
        }
        for _ in 2...6 { #expect(done.wait(timeout: .now() + 10) == .success) }

        let logger = Logger(label: "refusal-test", level: .error, sink: InMemoryLogSink())
        for result in results.withLock({ $0 }) {
            guard case .failure(let error) = result else {
                Issue.record("a write was accepted by a node that refuses: \(refusal)")
                continue
            }
            let answer = APIResponses.answer(for: error, requestID: "test", logger: logger)
            #expect(answer.status == HTTPStatus.serviceUnavailable, "\(error)")
            #expect(answer.code == refusal.rawValue, "\(error)")
            #expect(answer.headers["retry-after"] != nil)
        }
        let rows = try writer.performAndWait { transaction in
            try transaction.query("SELECT id FROM items ORDER BY id").map { try $0.int64("id") }
        }
        #expect(rows == [1], "a refused batch left rows behind")
        let logRecords = try writer.performAndWait { transaction in
            try transaction.query("SELECT count(*) AS n FROM replication_log").map { try $0.int64("n") }
        }
        #expect(logRecords == [1], "a refused batch left a log record behind")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var error: any APIErrorRepresentable & Sendable
        var status: HTTPStatus
        var code: String
        var testDescription: String { code + " " + String(describing: error).prefix(50) }
    }

    /// Every 503 a write can get, and the 504s that replace it where the write may have been applied.
    @Test(arguments: [
        Case(error: StoreError.writerOverloaded(queuedCommands: 10, limit: 10), status: .serviceUnavailable,
             code: "server_busy"),
        Case(error: StoreError.writerStopped, status: .serviceUnavailable, code: "shutting_down"),
        Case(error: StoreError.switchingOver, status: .serviceUnavailable, code: "switching_over"),
        Case(error: StoreError.writerStale(reason: "test"), status: .serviceUnavailable, code: "writer_stale"),
        Case(error: StoreError.sqlite(code: 13, message: "database or disk is full", sql: "INSERT"),
             status: .serviceUnavailable, code: "storage_full"),
        Case(error: ReplicationError.notPrimary(primaryURL: "http://peer:4002"), status: .serviceUnavailable,
             code: "not_primary"),
        Case(error: StoreError.commitUnconfirmed(reason: "fenced"), status: .gatewayTimeout, code: "commit_unconfirmed"),
        Case(error: StoreError.sqlite(code: 1034, message: "disk I/O error", sql: "COMMIT"), status: .gatewayTimeout,
             code: "commit_unconfirmed"),
        Case(error: StoreError.sqlite(code: 1290, message: "disk I/O error", sql: "COMMIT"), status: .gatewayTimeout,
             code: "commit_unconfirmed"),
    ])
    func writeErrorsFollowTheStatusRule(_ expected: Case) {
        let logger = Logger(label: "refusal-test", level: .error, sink: InMemoryLogSink())
        let answer = APIResponses.answer(for: expected.error, requestID: "test", logger: logger)
        #expect(answer.status == expected.status)
        #expect(answer.code == expected.code)
        #expect(answer.headers["retry-after"] != nil, "a 503 or 504 always says when to look again")
        if expected.status == .gatewayTimeout {
            let message: String = answer.message
            #expect(message.contains("before retrying"), "504 tells the client to check first: \(message)")
        }
    }

    /// A replication error that is not a player's refusal stays a logged 500, never a 503 nginx would retry.
    @Test func otherReplicationErrorsStayInternal() {
        let sink = InMemoryLogSink()
        let logger = Logger(label: "refusal-test", level: .error, sink: sink)
        let answer = APIResponses.answer(for: ReplicationError.notStandby(seq: 3), requestID: "r-1", logger: logger)
        #expect(answer.status == .internalServerError)
        #expect(answer.code == "internal_error")
    }
}
