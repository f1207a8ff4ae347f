import Game
import Store
import Testing

@Suite struct ResourceAuditTests {
    @Test func resourceChecksRunInVerifyAndReportTampering() throws {
        let database = try GameDatabase(seed: 1)
        let player = try database.register("ada")
        let names = Set(try database.read { try LedgerAudit.run(in: $0) }.map(\.name))
        #expect(names.contains("resources: every merged plot has exactly its recorded squares"))
        #expect(names.contains("resources: no deposit is negative"))
        #expect(names.contains("resources: at most one update run is running"))
        try database.execute(
            "INSERT INTO land_merges (owner_id, square_count, bonus_percent, gold_cost, created_at) VALUES (?1, 3, 10, 0, 0)",
            [player.id])
        try database.execute("UPDATE land_squares SET merge_id = 1 WHERE id IN (1, 2)")
        let failed = try database.read { try ResourceAudit.checks($0) }.filter { !$0.passed }.map(\.name)
        #expect(failed == ["resources: every merged plot has exactly its recorded squares"])
    }
}
