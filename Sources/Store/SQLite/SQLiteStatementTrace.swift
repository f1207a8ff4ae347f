import CSQLite

/// The SQL of every statement a connection starts while a trace is installed (`sqlite3_trace_v2` with
/// `SQLITE_TRACE_STMT`), trigger programs included (SQLite reports each as a `-- TRIGGER name` line).
///
/// Exists so tests can pin how many statements a hot path runs and fail when a change adds some (an N+1 query, a
/// trigger); counted by SQLite itself, below any of our wrappers. Same owner as its connection; the callback runs on
/// that thread, inside `sqlite3_step`. See https://www.sqlite.org/c3ref/trace_v2.html .
final class SQLiteStatementTrace {
    private(set) var statements: [String] = []

    fileprivate func record(_ sql: String) {
        statements.append(sql)
    }
}

extension SQLiteDatabase {
    /// Runs `body` with a statement trace installed and returns what it recorded; the trace is removed afterwards.
    func tracingStatements<T>(_ body: () throws -> T) throws -> (value: T, statements: [String]) {
        let handle = try openHandle()
        let trace = SQLiteStatementTrace()
        let context = Unmanaged.passRetained(trace)
        defer {
            sqlite3_trace_v2(handle, 0, nil, nil)
            context.release()
        }
        let code = sqlite3_trace_v2(handle, UInt32(SQLITE_TRACE_STMT), { _, context, _, text in
            guard let context else { return 0 }
            let trace = Unmanaged<SQLiteStatementTrace>.fromOpaque(context).takeUnretainedValue()
            let sql = text.map { String(cString: $0.assumingMemoryBound(to: CChar.self)) } ?? ""
            trace.record(sql)
            return 0
        }, context.toOpaque())
        guard code == SQLITE_OK else { throw error(code: code, sql: nil) }
        let value = try body()
        return (value, trace.statements)
    }
}
