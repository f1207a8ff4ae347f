/// One SQLite connection with a prepared-statement cache.
///
/// Not Sendable: exactly one owner uses it at a time (the writer thread, one event loop's reader, or a tool at
/// start-up). A read-write connection is switched to WAL with `synchronous` from the configuration, foreign keys on
/// and the busy timeout set; a read-only one is opened `SQLITE_OPEN_READONLY` with `query_only`, foreign keys and the
/// busy timeout. See https://www.sqlite.org/wal.html and https://www.sqlite.org/pragma.html .
///
/// ```swift
/// let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: false)
/// try connection.run("INSERT INTO player(name) VALUES (?)", ["ada"])
/// let rows = try connection.query("SELECT id, name FROM player WHERE id > ?", [0])
/// ```
public final class Connection: SQLExecutor {
    /// The configuration this connection was opened with.
    public let configuration: StoreConfiguration
    /// Whether this is a read-only connection.
    public let isReadOnly: Bool
    /// The C handle's owner (for the session, changeset and backup wrappers in this module).
    let database: SQLiteDatabase
    private var statements = SQLiteStatementCache()
    /// How many statements this connection prepared for the cache (tests check reuse with it).
    private(set) var preparedStatementCount = 0
    /// How many statements ran on this connection (`run`, `query`, `queryOne`, `forEachRow` and `execute` calls; a
    /// trigger's statements are not counted apart). The write paths' statement budgets are checked with it.
    package private(set) var executedStatementCount = 0
    /// When not nil, the SQL text of every statement run is appended (see `Transaction.recordingStatements`).
    var statementLog: [String]?

    /// The statement cache holds at most this many entries; beyond it the cache is emptied and refilled.
    /// Our SQL is constant text, so this only bounds memory if someone splices values into SQL.
    static let statementCacheLimit = 512

    /// Whether this connection writes each commit's WAL frames in one `pwrite` (`SQLiteWALAppendVFS`).
    package let coalescesWALAppends: Bool

    /// Opens the database at `configuration.path`.
    /// - Throws: `.openFailed`, `.walUnavailable`, or `.sqlite` when a pragma fails.
    public convenience init(configuration: StoreConfiguration, readOnly: Bool) throws(StoreError) {
        try self.init(configuration: configuration, readOnly: readOnly, coalescingWALAppends: false)
    }

    /// Opens the database at `configuration.path`; with `coalescingWALAppends`, a read-write connection whose commits
    /// sync (`synchronous` FULL or EXTRA) opens through `SQLiteWALAppendVFS`, whose safety rests on that sync (the
    /// Writer's connection does). Other connections ignore it.
    /// - Throws: `.openFailed`, `.walUnavailable`, or `.sqlite` when a pragma fails.
    package init(configuration: StoreConfiguration, readOnly: Bool, coalescingWALAppends: Bool) throws(StoreError) {
        self.configuration = configuration
        self.isReadOnly = readOnly
        let commitsSync = configuration.synchronous == .full || configuration.synchronous == .extra
        coalescesWALAppends = coalescingWALAppends && !readOnly && commitsSync && SQLiteWALAppendVFS.isRegistered
        database = try SQLiteDatabase(
            path: configuration.path, readOnly: readOnly, vfsName: coalescesWALAppends ? SQLiteWALAppendVFS.name : nil)
        do {
            try configure()
        } catch {
            database.close()
            throw error
        }
    }

    deinit { close() }

    private func configure() throws(StoreError) {
        try database.setBusyTimeout(milliseconds: configuration.busyTimeoutMilliseconds)
        if isReadOnly {
            try database.execute("PRAGMA query_only=ON; PRAGMA foreign_keys=ON;")
            return
        }
        var journalMode = "unknown"
        if let row = try queryOne("PRAGMA journal_mode=WAL") { journalMode = try row.string("journal_mode") }
        guard journalMode.lowercased() == "wal" else {
            throw .walUnavailable(path: configuration.path, journalMode: journalMode)
        }
        try database.execute("PRAGMA synchronous=\(configuration.synchronous.pragmaValue); PRAGMA foreign_keys=ON;")
    }

    /// Finalizes every cached statement and closes the connection. Idempotent; `deinit` also closes.
    public func close() {
        for statement in statements.statements { statement.finalize() }
        statements.removeAll()
        database.close()
    }

    /// Runs `PRAGMA integrity_check` and returns its rows: `["ok"]` when the database is healthy.
    public func integrityCheck() throws(StoreError) -> [String] {
        try query("PRAGMA integrity_check").map { row throws(StoreError) in
            guard case .text(let text) = row[0] else {
                throw .typeMismatch(column: "integrity_check", expected: "text", actual: row[0].storageClassName)
            }
            return text
        }
    }

    public func execute(_ sql: String) throws(StoreError) {
        count(sql)
        try database.execute(sql)
    }

    public func run(_ sql: String, _ arguments: [any SQLiteBindable]) throws(StoreError) {
        count(sql)
        _ = try statement(for: sql).execute(arguments, rowLimit: 0)
    }

    public func query(_ sql: String, _ arguments: [any SQLiteBindable]) throws(StoreError) -> [Row] {
        count(sql)
        return try statement(for: sql).execute(arguments, rowLimit: nil)
    }

    public func queryOne(_ sql: String, _ arguments: [any SQLiteBindable]) throws(StoreError) -> Row? {
        count(sql)
        return try statement(for: sql).execute(arguments, rowLimit: 1).first
    }

    /// The plan lines (`EXPLAIN QUERY PLAN`'s `detail` column) of `sql`, prepared apart (not cached) with every
    /// parameter NULL; SQLite plans without looking at the values. See https://www.sqlite.org/eqp.html .
    package func queryPlan(of sql: String) throws(StoreError) -> [String] {
        let statement = try database.prepare("EXPLAIN QUERY PLAN " + sql, persistent: false)
        defer { statement.finalize() }
        let arguments: [any SQLiteBindable] = Array(repeating: SQLiteValue.null, count: statement.parameterCount)
        return try statement.execute(arguments, rowLimit: nil).map { row throws(StoreError) in try row.string("detail") }
    }

    private func count(_ sql: String) {
        executedStatementCount &+= 1
        statementLog?.append(sql)
    }

    public func forEachRow(_ sql: String, _ arguments: [any SQLiteBindable],
                           _ body: (borrowing SQLiteRow) throws(StoreError) -> Void) throws(StoreError) {
        count(sql)
        try statement(for: sql).forEachRow(arguments, body)
    }

    public var lastInsertRowID: Int64 { database.lastInsertRowID }

    public var changes: Int { database.changes }

    /// Rows changed by INSERT, UPDATE and DELETE since the connection opened (`sqlite3_total_changes64`).
    public var totalChanges: Int { database.totalChanges }

    /// Runs `body` and returns, besides its value, the SQL of every statement this connection started meanwhile
    /// (each trigger program as its own `-- TRIGGER` line). For tests that pin a hot path's statement count.
    package func recordingStatements<T>(_ body: () throws -> T) throws -> (value: T, statements: [String]) {
        try database.tracingStatements(body)
    }

    /// Whether no transaction is open on this connection.
    var isAutocommit: Bool { database.isAutocommit }

    /// The cached statement for `sql`, preparing it on first use.
    private func statement(for sql: String) throws(StoreError) -> SQLiteStatement {
        if let cached = statements.statement(for: sql) { return cached }
        let statement = try database.prepare(sql, persistent: true)
        if statements.count >= Self.statementCacheLimit {
            for old in statements.statements { old.finalize() }
            statements.removeAll()
        }
        statements.insert(statement, for: sql)
        preparedStatementCount += 1
        return statement
    }
}
