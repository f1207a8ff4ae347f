@testable import Store
import Testing

@Suite struct ConnectionTests {
    static let roundTrips: [(any SQLiteBindable, SQLiteValue)] = [
        (SQLiteValue.null, .null),
        (0, .integer(0)),
        (Int64.max, .integer(Int64.max)),
        (Int64.min, .integer(Int64.min)),
        (Int32(-7), .integer(-7)),
        (true, .integer(1)),
        (false, .integer(0)),
        (3.25, .real(3.25)),
        (-1e300, .real(-1e300)),
        ("", .text("")),
        ("héllo wörld ✓ 🌍", .text("héllo wörld ✓ 🌍")),
        ("nul\u{0}inside", .text("nul\u{0}inside")),
        ([UInt8](), .blob([])),
        ([0, 1, 127, 128, 255] as [UInt8], .blob([0, 1, 127, 128, 255])),
        (Int?.none, .null),
        (Optional("x"), .text("x")),
        (SQLiteValue.blob([9]), .blob([9])),
    ]

    @Test(arguments: roundTrips)
    func bindsAndReadsEveryType(argument: any SQLiteBindable, expected: SQLiteValue) throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        try connection.execute("CREATE TABLE cell(id INTEGER PRIMARY KEY, value ANY) STRICT")
        try connection.run("INSERT INTO cell(value) VALUES (?)", [argument])
        let row = try #require(try connection.queryOne("SELECT value FROM cell WHERE id = ?", [connection.lastInsertRowID]))
        #expect(row["value"] == expected)
        #expect(row[0] == expected)
        let matches = try connection.query("SELECT id FROM cell WHERE value IS ?", [argument])
        #expect(matches.count == 1)
    }

    @Test func opensInWALWithForeignKeys() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        #expect(try connection.queryOne("PRAGMA journal_mode")?.string("journal_mode") == "wal")
        #expect(try connection.queryOne("PRAGMA foreign_keys")?.int("foreign_keys") == 1)
        #expect(try connection.queryOne("PRAGMA synchronous")?.int("synchronous") == 2)
        #expect(try connection.queryOne("PRAGMA busy_timeout")?.int("timeout") == 5_000)
        #expect(try connection.integrityCheck() == ["ok"])
    }

    @Test func strictTypeErrorSurfacesWithSQLiteMessage() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        try connection.execute("CREATE TABLE amounts(id INTEGER PRIMARY KEY, gold INT NOT NULL) STRICT")
        let error = #expect(throws: StoreError.self) {
            try connection.run("INSERT INTO amounts(gold) VALUES (?)", ["not a number"])
        }
        guard case .sqlite(let code, let message, let sql)? = error else {
            Issue.record("expected StoreError.sqlite, got \(String(describing: error))")
            return
        }
        #expect(code == 3091)  // SQLITE_CONSTRAINT_DATATYPE
        #expect(message.contains("cannot store TEXT value in INT column amounts.gold"))
        #expect(sql == "INSERT INTO amounts(gold) VALUES (?)")
        #expect(error?.isConstraintViolation == true)
    }

    @Test func errorsNeverContainBoundValues() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        try connection.execute("""
            CREATE TABLE bids(id INTEGER PRIMARY KEY, token TEXT UNIQUE, amount INT CHECK (amount < 100)) STRICT
            """)
        try connection.run("INSERT INTO bids(token, amount) VALUES (?, ?)", ["secret-token-4242", 5])
        let duplicate = #expect(throws: StoreError.self) {
            try connection.run("INSERT INTO bids(token, amount) VALUES (?, ?)", ["secret-token-4242", 6])
        }
        let tooHigh = #expect(throws: StoreError.self) {
            try connection.run("INSERT INTO bids(token, amount) VALUES (?, ?)", ["other", 987_654_321])
        }
        for error in [duplicate, tooHigh] {
            let text = String(describing: error) + "\(String(reflecting: error))"
            #expect(error?.isConstraintViolation == true)
            #expect(!text.contains("secret-token-4242"))
            #expect(!text.contains("987654321"))
        }
    }

    @Test func reusesCachedStatements() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        try connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, n INT) STRICT")
        let before = connection.preparedStatementCount
        for number in 0..<50 {
            try connection.run("INSERT INTO t(n) VALUES (?)", [number])
        }
        #expect(connection.preparedStatementCount == before + 1)
        #expect(try connection.query("SELECT n FROM t ORDER BY id").map { try $0.int("n") } == Array(0..<50))
        #expect(connection.preparedStatementCount == before + 2)
    }

    /// The cache finds constant SQL by the address of its bytes, and any other string with the same text by the text:
    /// both reach the one prepared statement, and a different text never gets it.
    @Test func statementsAreFoundByAddressAndByText() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        try connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, n INT) STRICT")
        let before = connection.preparedStatementCount
        let literal = "INSERT INTO t(n) VALUES (?)"
        for number in 0..<3 { try connection.run(literal, [number]) }
        for number in 3..<6 {
            // Built at run time: new storage every time, the same text.
            let built = ["INSERT INTO t(n)", "VALUES (?)"].joined(separator: " ")
            try connection.run(built, [number])
        }
        #expect(connection.preparedStatementCount == before + 1)
        for number in 6..<9 {
            // The same length, another text: each built string may reuse a freed string's address.
            let other = ["INSERT INTO t(n)", "VALUES (9)"].joined(separator: " ")
            #expect(throws: StoreError.self) { try connection.run(other, [number]) }
            try connection.run(other)
        }
        #expect(connection.preparedStatementCount == before + 2)
        #expect(try connection.query("SELECT n FROM t ORDER BY id").map { try $0.int("n") } == [0, 1, 2, 3, 4, 5, 9, 9, 9])
    }

    @Test func countsChangesAndRowIDs() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        try connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY, n INT) STRICT; INSERT INTO t(n) VALUES (1), (2), (3);")
        #expect(connection.lastInsertRowID == 3)
        try connection.run("UPDATE t SET n = n + 1 WHERE n >= ?", [2])
        #expect(connection.changes == 2)
        #expect(try connection.queryOne("SELECT n FROM t WHERE id = ?", [99]) == nil)
    }

    @Test func rejectsMisusedStatements() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        try connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY) STRICT")
        #expect(throws: StoreError.notSingleStatement(sql: "SELECT 1; SELECT 2", statementCount: 2)) {
            try connection.run("SELECT 1; SELECT 2")
        }
        #expect(throws: StoreError.notSingleStatement(sql: "  -- nothing", statementCount: 0)) {
            try connection.run("  -- nothing")
        }
        #expect(throws: StoreError.argumentCountMismatch(sql: "SELECT ? + ?", expected: 2, actual: 1)) {
            try connection.run("SELECT ? + ?", [1])
        }
        #expect(try connection.queryOne("SELECT 40 + 2 AS n; -- trailing comment")?.int("n") == 42)
    }

    @Test func readOnlyConnectionRefusesWrites() throws {
        let database = try StoreTestDatabase()
        let writer = try database.connection()
        try writer.execute("CREATE TABLE t(id INTEGER PRIMARY KEY) STRICT")
        let reader = try database.readOnlyConnection()
        #expect(reader.isReadOnly)
        let error = #expect(throws: StoreError.self) { try reader.run("INSERT INTO t DEFAULT VALUES") }
        if case .sqlite(let code, _, _)? = error { #expect(code & 0xff == 8) }  // SQLITE_READONLY
        #expect(try reader.query("SELECT * FROM t").isEmpty)
    }

    @Test func closeIsIdempotentAndLaterUseThrows() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        try connection.run("SELECT 1")
        connection.close()
        connection.close()
        #expect(throws: StoreError.connectionClosed(path: database.configuration.path)) { try connection.run("SELECT 1") }
        #expect(throws: StoreError.connectionClosed(path: database.configuration.path)) { try connection.execute("SELECT 1") }
    }

    @Test func openFailureNamesThePath() {
        var configuration = StoreConfiguration(path: "/nonexistent-dir/worldgame/test.db")
        configuration.busyTimeout = .milliseconds(10)
        #expect {
            try Connection(configuration: configuration, readOnly: false)
        } throws: { error in
            guard case .openFailed(let path, _, _) = error as? StoreError else { return false }
            return path == configuration.path
        }
    }
}
