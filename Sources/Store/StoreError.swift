/// Everything the `Store` module can throw.
///
/// Cases carry the facts needed to act on them. SQLite failures carry the extended result code, `sqlite3_errmsg` and the
/// SQL text, but never the bound argument values: those may be secret (blind bid amounts), as GRDB's
/// `publicStatementArguments` policy also keeps them out of descriptions.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// SQLite returned `code` (an extended result code, https://www.sqlite.org/rescode.html) while running `sql`.
    case sqlite(code: Int32, message: String, sql: String?)
    /// Opening the database file at `path` failed.
    case openFailed(path: String, code: Int32, message: String)
    /// `PRAGMA journal_mode=WAL` did not switch the database at `path` to WAL (it reported `journalMode`).
    case walUnavailable(path: String, journalMode: String)
    /// `sql` holds `statementCount` statements where exactly one was expected (`run`/`query` take one statement).
    case notSingleStatement(sql: String, statementCount: Int)
    /// `sql` has `expected` parameters but `actual` arguments were given.
    case argumentCountMismatch(sql: String, expected: Int, actual: Int)
    /// The connection was used after `close()`.
    case connectionClosed(path: String)
    /// A row has no column called `name`.
    case columnMissing(name: String)
    /// A column holds a value of storage class `actual` where `expected` was asked for.
    case typeMismatch(column: String, expected: String, actual: String)
    /// The writer no longer accepts commands (it was shut down).
    case writerStopped
    /// The writer queue already holds `queuedCommands` commands, at or above its `limit`.
    case writerOverloaded(queuedCommands: Int, limit: Int)
    /// The command's batch committed on this node, but the guarantee its result waited for could not be given (sync
    /// replication: the node was fenced before its standby acknowledged the batch, `reason` says so). Whether the
    /// change survives depends on the cluster's new primary.
    case commitUnconfirmed(reason: String)
    /// The batch transaction ended while command number `commandIndex` (0-based) of `batchCommandCount` ran without
    /// that command failing: it must have run COMMIT, ROLLBACK or RELEASE itself. Every command of the batch fails.
    case writerTransactionEnded(commandIndex: Int, batchCommandCount: Int)
    /// A migration file name does not match `NNNN_snake_name.sql`.
    case migrationNameInvalid(fileName: String)
    /// Two migration files share `version`.
    case migrationVersionDuplicated(version: Int)
    /// An applied migration's file changed since it was applied.
    case migrationChanged(fileName: String, recordedChecksum: String, actualChecksum: String)
    /// The database records migration `version` (`fileName`) but this binary does not ship it (a downgrade?).
    case migrationUnknown(version: Int, fileName: String)
    /// Applying a migration failed; it was rolled back entirely.
    case migrationFailed(fileName: String, message: String)
    /// The SQLite library lacks the session extension (`SQLITE_ENABLE_SESSION`).
    case sessionExtensionMissing
    /// Applying a changeset hit a conflict of `kind` (`data`, `not_found`, `conflict`, `constraint`, `foreign_key`)
    /// on an `operation` (insert, update, delete) of `table`; nothing of the changeset was applied.
    case changesetConflict(kind: String, table: String, operation: String)
    /// The bytes given as a changeset are not one (SQLite returned `code`).
    case changesetInvalid(code: Int32, message: String)
    /// The writer's view of the database is stale: another process wrote to it (`reason` says what differs, e.g. a
    /// replication log head or a term this node did not write). This node stops taking writes until it is restarted
    /// with the other writer stopped; nothing of the refused batch was committed.
    case writerStale(reason: String)
    /// The node is handing its primary role to its standby (`worldgame switchover`): writes are paused for a moment,
    /// nothing of the refused batch was committed, and the same write succeeds on the new primary in about a second.
    case switchingOver
    /// `DatabaseReplacement` found the destination locked (`SQLITE_BUSY`/`SQLITE_LOCKED`) for longer than
    /// `busyLimit` without copying a page; the destination was rolled back, unchanged.
    case replacementTimedOut(busyLimit: Duration)

    /// The primary result code of `SQLITE_CONSTRAINT` (https://www.sqlite.org/rescode.html#constraint).
    static let constraintPrimaryCode: Int32 = 19

    /// Whether this is an `SQLITE_CONSTRAINT` failure (UNIQUE, CHECK, NOT NULL, FOREIGN KEY, STRICT datatype…),
    /// which the API maps to 409.
    public var isConstraintViolation: Bool {
        if case .sqlite(let code, _, _) = self { return code & 0xff == Self.constraintPrimaryCode }
        return false
    }

    /// `SQLITE_FULL` (https://www.sqlite.org/rescode.html#full): the disk (or the file size limit) refused a write.
    static let fullPrimaryCode: Int32 = 13

    /// Extended `SQLITE_IOERR` codes of a write or sync the disk refused (ENOSPC/EIO on write, fsync, truncate or the
    /// WAL index): SQLITE_IOERR_WRITE, _FSYNC, _DIR_FSYNC, _TRUNCATE, _SHMSIZE, _SHMMAP.
    static let storageIOErrorCodes: Set<Int32> = [778, 1034, 1290, 1546, 4874, 5386]

    /// Whether the disk refused a write: `SQLITE_FULL`, or an I/O error writing or syncing the database or its WAL.
    /// The API answers 503 `storage_full` with `Retry-After`; the node reports it on `/ready` and a gauge.
    public var isStorageFull: Bool {
        switch self {
        case .sqlite(let code, _, _), .openFailed(_, let code, _):
            return code & 0xff == Self.fullPrimaryCode || Self.storageIOErrorCodes.contains(code)
        default:
            return false
        }
    }

    public var description: String {
        switch self {
        case .sqlite(let code, let message, let sql):
            if let sql { return "SQLite error \(code): \(message) (in: \(sql))" }
            return "SQLite error \(code): \(message)"
        case .openFailed(let path, let code, let message):
            return "cannot open database \(path): SQLite error \(code): \(message)"
        case .walUnavailable(let path, let journalMode):
            return "database \(path) cannot use WAL (journal mode is \(journalMode))"
        case .notSingleStatement(let sql, let statementCount):
            return "expected exactly one SQL statement, found \(statementCount): \(sql)"
        case .argumentCountMismatch(let sql, let expected, let actual):
            return "statement takes \(expected) arguments, \(actual) given: \(sql)"
        case .connectionClosed(let path):
            return "connection to \(path) is closed"
        case .columnMissing(let name):
            return "row has no column \(name)"
        case .typeMismatch(let column, let expected, let actual):
            return "column \(column) holds \(actual), expected \(expected)"
        case .writerStopped:
            return "the writer is stopped"
        case .writerOverloaded(let queuedCommands, let limit):
            return "the writer is overloaded: \(queuedCommands) commands queued, limit \(limit)"
        case .commitUnconfirmed(let reason):
            return "committed on this node but not confirmed: \(reason)"
        case .writerTransactionEnded(let commandIndex, let batchCommandCount):
            return "command \(commandIndex) of \(batchCommandCount) ended the batch transaction itself"
        case .migrationNameInvalid(let fileName):
            return "migration file name \(fileName) does not match NNNN_snake_name.sql"
        case .migrationVersionDuplicated(let version):
            return "two migration files have version \(version)"
        case .migrationChanged(let fileName, let recordedChecksum, let actualChecksum):
            return "applied migration \(fileName) changed: recorded sha256 \(recordedChecksum), file has \(actualChecksum)"
        case .migrationUnknown(let version, let fileName):
            return "database has migration \(version) (\(fileName)) applied that this binary does not know"
        case .migrationFailed(let fileName, let message):
            return "migration \(fileName) failed and was rolled back: \(message)"
        case .sessionExtensionMissing:
            return "the SQLite library was built without the session extension (SQLITE_ENABLE_SESSION)"
        case .changesetConflict(let kind, let table, let operation):
            return "changeset conflict (\(kind)) on \(operation) of table \(table): nothing was applied"
        case .changesetInvalid(let code, let message):
            return "invalid changeset: SQLite error \(code): \(message)"
        case .switchingOver:
            return "the node is handing its primary role to its standby; writes are paused"
        case .writerStale(let reason):
            return "the writer's view of the database is stale (\(reason)); this node takes no writes until restarted"
        case .replacementTimedOut(let busyLimit):
            return "the database stayed locked for \(busyLimit) during a replacement; nothing was replaced"
        }
    }
}
