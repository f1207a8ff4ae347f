import Foundation
import HTTP
import Store
import Testing
import TestSupport

/// A writer whose view is stale must not wedge: another process appends to the replication log (or bumps the term)
/// behind a running primary's back, simulated here with a second connection to the database file. The node refuses
/// writes with 503 `writer_stale` (never 409 `conflict`), `/ready` turns 503 with the reason, `/health` stays 200,
/// the refusal is logged at error, and nothing the node acknowledged is lost.
@Suite struct StaleWriterProcessTests {
    /// How the foreign writer moves the database on.
    enum ForeignWrite: String, CaseIterable, Sendable {
        case appendsALogRecord
        case bumpsTheTerm
    }

    @Test(.timeLimit(.minutes(2)), arguments: ForeignWrite.allCases)
    func aForeignWriterTurnsTheNodeRedInsteadOfConflictingForever(_ foreign: ForeignWrite) throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("data")
        let node = try NodeProcess(dataDirectory: data)
        #expect(try node.register("alice").status == 201)

        let connection = try Connection(configuration: StoreConfiguration(path: data + "/worldgame.db"), readOnly: false)
        switch foreign {
        case .appendsALogRecord:
            let head = try connection.queryOne("SELECT max(seq) AS seq, max(term) AS term FROM replication_log")
            let seq = (try head?.optionalInt64("seq") ?? 0) + 1
            try connection.run("""
                INSERT INTO replication_log (seq, term, changeset, events, checksum, committed_at_ms)
                VALUES (?, ?, x'', x'', x'00', 0)
                """, [seq, try head?.optionalInt64("term") ?? 1])
        case .bumpsTheTerm:
            try connection.run("UPDATE replication_node SET term = term + 1 WHERE id = 1", [])
        }
        connection.close()

        let refused = try node.register("bob")
        #expect(refused.status == 503, "\(refused.bodyText)")
        #expect(refused.bodyText.contains(#""code":"writer_stale""#), "\(refused.bodyText)")
        #expect(try node.register("carol").status == 503, "it keeps refusing, with 503 rather than 409")
        let ready = try node.send(.get, "/ready")
        #expect(ready.status == 503)
        #expect(ready.bodyText.contains(#""code":"writer_stale""#), "\(ready.bodyText)")
        #expect(try node.send(.get, "/health").status == 200)
        #expect(node.child.waitForOutput { lines in
            lines.contains { $0.contains(#""level":"error""#) && $0.contains("writer view stale") }
        })
        #expect(node.stop() == 0)

        let check = try Connection(configuration: StoreConfiguration(path: data + "/worldgame.db"), readOnly: true)
        defer { check.close() }
        let players = try check.query("SELECT username FROM players WHERE username NOT LIKE '$%' ORDER BY id").map { try $0.string("username") }
        #expect(players == ["alice"])
    }
}
