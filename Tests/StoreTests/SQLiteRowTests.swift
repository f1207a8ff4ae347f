import Store
import StoreTesting
import Testing

/// `SQLExecutor.forEachRow` and its `SQLiteRow` (cells by position, no copies), the statement trace tests use to
/// count a path's statements, and `QueryPlan`, on a real database file.
@Suite struct SQLiteRowTests {
    static func database() throws -> (StoreTestDatabase, Connection) {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        try connection.execute("""
            CREATE TABLE cells (id INTEGER PRIMARY KEY, n INTEGER, t TEXT, r REAL, b BLOB, flag INTEGER);
            INSERT INTO cells VALUES (1, 7, 'ada', 0.5, x'0102', 1), (2, NULL, NULL, NULL, NULL, 0), (3, -9, 'farm', 1, x'', 2);
            CREATE INDEX cells_n ON cells (n);
            """)
        return (database, connection)
    }

    @Test func rowsArriveInOrderWithTheirCells() throws {
        let (_, connection) = try Self.database()
        var seen: [String] = []
        try connection.forEachRow("SELECT id, n, t, flag FROM cells WHERE id <= ? ORDER BY id", [Int64(2)]) { row throws(StoreError) in
            let text = try row.optionalString(2) ?? "nil"
            seen.append("\(try row.int64(0)) \(try row.optionalInt64(1).map(String.init) ?? "nil") \(text) "
                        + "\(try row.bool(3)) \(row.isNull(1))")
        }
        #expect(seen == ["1 7 ada true false", "2 nil nil false true"])
        // The statement was reset: it runs again with other arguments.
        var count = 0
        try connection.forEachRow("SELECT id, n, t, flag FROM cells WHERE id <= ? ORDER BY id", [Int64(3)]) { _ throws(StoreError) in
            count += 1
        }
        #expect(count == 3)
    }

    @Test func cellsOfAnotherStorageClassThrowNamingTheColumn() throws {
        let (_, connection) = try Self.database()
        try connection.forEachRow("SELECT n, t, r, flag FROM cells WHERE id = 2", []) { row throws(StoreError) in
            #expect(throws: StoreError.typeMismatch(column: "n", expected: "integer", actual: "null")) { try row.int64(0) }
            #expect(throws: StoreError.typeMismatch(column: "t", expected: "text", actual: "null")) { try row.string(1) }
        }
        try connection.forEachRow("SELECT n, t, r, flag FROM cells WHERE id = 3", []) { row throws(StoreError) in
            #expect(throws: StoreError.typeMismatch(column: "t", expected: "integer or null", actual: "text")) {
                try row.optionalInt64(1)
            }
            #expect(throws: StoreError.typeMismatch(column: "r", expected: "text or null", actual: "real")) {
                try row.optionalString(2)
            }
            #expect(throws: StoreError.typeMismatch(column: "flag", expected: "boolean (integer 0 or 1)", actual: "integer")) {
                try row.bool(3)
            }
        }
    }

    @Test func firstTextByteTellsWordsApartWithoutAString() throws {
        let (_, connection) = try Self.database()
        try connection.execute("INSERT INTO cells (id, t) VALUES (4, '')")
        var seen: [UInt8?] = []
        try connection.forEachRow("SELECT t FROM cells ORDER BY id", []) { row throws(StoreError) in
            seen.append(try row.firstTextByte(0))
        }
        #expect(seen == [UInt8(ascii: "a"), nil, UInt8(ascii: "f"), 0])
        try connection.forEachRow("SELECT n FROM cells WHERE id = 1", []) { row throws(StoreError) in
            #expect(throws: StoreError.typeMismatch(column: "n", expected: "text or null", actual: "integer")) {
                try row.firstTextByte(0)
            }
        }
    }

    @Test func anErrorFromTheBodyStopsTheStepAndResetsTheStatement() throws {
        let (_, connection) = try Self.database()
        var visited = 0
        #expect(throws: StoreError.columnMissing(name: "stop")) {
            try connection.forEachRow("SELECT id FROM cells ORDER BY id", []) { _ throws(StoreError) in
                visited += 1
                throw StoreError.columnMissing(name: "stop")
            }
        }
        #expect(visited == 1)
        // No read transaction was left open by the abandoned statement.
        try connection.execute("BEGIN IMMEDIATE; COMMIT;")
    }

    @Test func theStatementTraceCountsEveryStatementStarted() throws {
        let (_, connection) = try Self.database()
        let (value, statements) = try connection.recordingStatements {
            _ = try connection.query("SELECT id FROM cells")
            try connection.forEachRow("SELECT t FROM cells WHERE id = ?", [Int64(1)]) { _ throws(StoreError) in }
            return 42
        }
        #expect(value == 42)
        #expect(statements == ["SELECT id FROM cells", "SELECT t FROM cells WHERE id = ?"])
        // Nothing is recorded once the trace is removed.
        let (_, later) = try connection.recordingStatements { () }
        #expect(later.isEmpty)
    }

    @Test func queryPlansNameScansSortsAndIndexes() throws {
        let (_, connection) = try Self.database()
        let scan = try QueryPlan(of: "SELECT * FROM cells ORDER BY t", in: connection)
        #expect(scan.fullTableScans == ["SCAN cells"])
        #expect(scan.temporaryBTrees == ["USE TEMP B-TREE FOR ORDER BY"])
        let seek = try QueryPlan(of: "SELECT id FROM cells WHERE n = ? ORDER BY n", [Int64(7)], in: connection)
        #expect(seek.scans.isEmpty && seek.temporaryBTrees.isEmpty, "\(seek)")
        #expect(seek.mentions("USING COVERING INDEX cells_n (n=?)"), "\(seek)")
    }
}
