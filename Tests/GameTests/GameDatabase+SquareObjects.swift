@testable import Game
import Store
import Testing

extension GameDatabase {
    /// What is wrong with the stored land square objects after a commit: a square left stale (the writer's pre-commit
    /// step stores every square a batch staled), or an object that differs from what `SquareJSON.write(_:into:)`, the
    /// value writer, gives for the square its row decodes to (an independent writer: the step and the audit use the
    /// row writer). Empty when every object is current.
    func squareObjectProblems() throws -> [String] {
        try read { connection in
            var problems: [String] = []
            var expected: [UInt8] = []
            var stored: [UInt8] = []
            try connection.forEachRow("SELECT \(LandSquare.columns), square_json FROM land_squares ORDER BY id", []) {
                row throws(StoreError) in
                let square = try LandSquare(cells: row)
                stored.removeAll()
                guard try row.appendText(LandSquare.Column.mergedSquareIDs + 1, to: &stored) else {
                    problems.append("square \(square.id) is stale")
                    return
                }
                expected.removeAll()
                SquareJSON.write(square, into: &expected)
                if stored != expected {
                    problems.append("square \(square.id): stored \(String(decoding: stored, as: UTF8.self)), "
                                    + "expected \(String(decoding: expected, as: UTF8.self))")
                }
            }
            let audit = try SquareObjectAudit.check(connection)
            if !audit.passed { problems += audit.violations }
            return problems
        }
    }

    /// Expects every stored square object to be current (see `squareObjectProblems`).
    func expectSquareObjectsCurrent(_ path: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let problems = try squareObjectProblems()
        #expect(problems.isEmpty, "\(path): \(problems.prefix(5).joined(separator: "\n"))", sourceLocation: sourceLocation)
    }
}
