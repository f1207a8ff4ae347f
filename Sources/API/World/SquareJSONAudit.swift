import Game
import Store

/// The `worldgame verify` check that every land square's stored JSON object (`land_squares.square_json`, which
/// SQLite's triggers store on every write of the square and the area index holds) is byte for byte what the API's
/// writer (`GameJSON.writeSquare`) gives for the row: the area route serves the stored objects, so the two must never
/// disagree. A square without a stored object (not written since migration 0018, or a timestamp outside the years
/// 0000-9999) passes: the route encodes areas holding one itself. That the index holds the table's value is
/// `PRAGMA integrity_check`'s part.
///
/// Read-only; run it in the same read transaction as `LedgerAudit.run`.
public enum SquareJSONAudit {
    /// Reads every square once.
    public static func check(_ database: any SQLExecutor) throws(GameError) -> AuditCheck {
        var squares: Int64 = 0
        var unstored: Int64 = 0
        var violations: [String] = []
        var expected: [UInt8] = []
        try World.forEachSquareWithJSON(in: database) { square, json in
            squares += 1
            guard let json else {
                unstored += 1
                return
            }
            expected.removeAll(keepingCapacity: true)
            GameJSON.writeSquare(square, into: &expected)
            if json != expected, violations.count < LedgerAudit.maxViolationsPerCheck {
                violations.append("square \(square.id) stores \(String(decoding: json, as: UTF8.self)), "
                                  + "the API writes \(String(decoding: expected, as: UTF8.self))")
            }
        }
        return AuditCheck(name: "land: every square's stored JSON object is what the API writes for its row",
                          scope: "\(squares) squares, \(unstored) without a stored object", violations: violations)
    }
}
