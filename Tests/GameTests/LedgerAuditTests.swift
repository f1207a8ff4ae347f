import Game
import Store
import Testing

@Suite struct LedgerAuditTests {
    @Test func cleanDemoWorldPassesEveryCheck() throws {
        let database = try GameDatabase(seed: 1)
        _ = try database.register("alice")
        let checks = try database.read { try LedgerAudit.run(in: $0) }
        #expect(checks.count >= 8)
        for check in checks { #expect(check.passed, "\(check.name): \(check.violations)") }
    }

    @Test func tamperedBalanceAndOwnerAreReported() throws {
        let database = try GameDatabase(seed: 1)
        let alice = try database.register("alice")
        let connection = try Connection(configuration: database.configuration, readOnly: false)
        try connection.execute("PRAGMA foreign_keys = OFF")
        try connection.run("UPDATE accounts SET balance = balance + 7 WHERE player_id = ? AND kind = 'available' AND asset = 'gold'",
                           [alice.id])
        try connection.run("UPDATE land_squares SET owner_id = 4242 WHERE id = 1")
        connection.close()
        let checks = try database.read { try LedgerAudit.run(in: $0) }
        let failed = Set(checks.filter { !$0.passed }.map(\.name))
        #expect(failed.contains("ledger: every asset's accounts sum to zero"))
        #expect(failed.contains("ledger: every cached balance equals the sum of its transfers"))
        #expect(failed.contains("land: every square's owner exists"))
        #expect(failed.contains("sqlite: PRAGMA foreign_key_check"))
        #expect(!failed.contains("sqlite: PRAGMA integrity_check"))
    }
}
