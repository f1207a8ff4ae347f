import Store

/// The `worldgame verify` check that every land square's stored JSON object (`land_squares.square_json`, migration
/// 0018) is byte for byte what `SquareJSON` writes for its row: the area route serves the stored objects, so the two
/// must never disagree. A stale square (NULL) passes: the route writes it from its row; the scope counts them.
///
/// Read-only; `LedgerAudit.run` runs it in the same read transaction as the other checks. Reads every square once.
enum SquareObjectAudit {
    static func check(_ database: any SQLExecutor) throws(StoreError) -> AuditCheck {
        var squares: Int64 = 0
        var stale: Int64 = 0
        var violations: [String] = []
        var stored: [UInt8] = []
        var expected: [UInt8] = []
        try database.forEachRow("SELECT \(LandSquare.columns), square_json FROM land_squares ORDER BY id", []) {
            row throws(StoreError) in
            squares += 1
            stored.removeAll(keepingCapacity: true)
            guard try row.appendText(LandSquare.Column.mergedSquareIDs + 1, to: &stored) else {
                stale += 1
                return
            }
            expected.removeAll(keepingCapacity: true)
            try SquareJSON.write(row: row, into: &expected)
            if stored != expected, violations.count < LedgerAudit.maxViolationsPerCheck {
                violations.append("square \(row.strictInt64(LandSquare.Column.id)) stores "
                                  + "\(String(decoding: stored, as: UTF8.self)), its row gives "
                                  + "\(String(decoding: expected, as: UTF8.self))")
            }
        }
        return AuditCheck(name: "land: every square's stored JSON object is what its row gives",
                          scope: "\(squares) squares, \(stale) stale", violations: violations)
    }
}
