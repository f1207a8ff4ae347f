import CSQLite
@testable import Store
import Testing
import TestSupport

/// `SQLiteChangeRecorder` on rows written before `ALTER TABLE ... ADD COLUMN ... NOT NULL DEFAULT x`, the one case
/// where it departs from the session: SQLite 3.40 hands both the NULL of the row's short record as the added column's
/// old value, and a copy of the database refuses the session's changeset, while the recorder's records the default and
/// applies.
@Suite struct SQLiteChangeRecorderDefaultTests {
    static let schema = """
        CREATE TABLE players(id INTEGER PRIMARY KEY, name TEXT NOT NULL, balance INTEGER NOT NULL DEFAULT 5);
        CREATE TABLE nokey(x, y);
        """
    /// Added after rows 1-4 exist: the migrations' two kinds (an INTEGER 0, a TEXT string), and defaults that the
    /// column's affinity changes (a REAL column's integer, a TEXT column's integer, a NUMERIC column's number-like
    /// text, a negative number), and a nullable column without a default.
    static let alterations = """
        ALTER TABLE players ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE players ADD COLUMN origin TEXT NOT NULL DEFAULT 'system';
        ALTER TABLE players ADD COLUMN weight REAL NOT NULL DEFAULT 1;
        ALTER TABLE players ADD COLUMN code TEXT NOT NULL DEFAULT 7;
        ALTER TABLE players ADD COLUMN level NUMERIC NOT NULL DEFAULT '12';
        ALTER TABLE players ADD COLUMN shift INTEGER NOT NULL DEFAULT -3;
        ALTER TABLE players ADD COLUMN note TEXT;
        """

    private func upgradedPair() throws -> RecorderPair {
        let pair = try RecorderPair(schema: Self.schema, excludedTables: [])
        try pair.executeOnBoth("INSERT INTO players(id, name) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')")
        // The recorder reads the table before the upgrade, as a writer running across the migration would.
        try pair.run([.init("UPDATE players SET balance = 6 WHERE id = 4")], ending: .commit,
                     comparing: ["players"], label: "before the upgrade")
        try pair.executeOnBoth(Self.alterations)
        try pair.executeOnBoth("INSERT INTO players(id, name) VALUES (5, 'e')")
        return pair
    }

    @Test func oldRowsAddedColumnsAreRecordedWithTheirDefaults() throws {
        let pair = try upgradedPair()
        let (recorderCopy, sessionCopy) = (try pair.copy(), try pair.copy())
        defer {
            recorderCopy.close()
            sessionCopy.close()
        }
        let outcomes = try pair.outcomes([
            .init("UPDATE players SET token_generation = token_generation + 1 WHERE id = 1"),
            .init("UPDATE players SET origin = 'player' WHERE id = 2"),
            .init("UPDATE players SET name = 'renamed' WHERE id = 3"),
            .init("DELETE FROM players WHERE id = 4"),
            .init("UPDATE players SET token_generation = 9 WHERE id = 5"),
        ])
        #expect(outcomes.recorderFailures.isEmpty && outcomes.sessionFailures.isEmpty)
        let recorded = try outcomes.recorder.get()
        let sessions = try outcomes.session.get()
        #expect(recorded != sessions)

        try SQLiteChangeset.apply(recorded, to: recorderCopy.database)
        #expect(try Self.rows(recorderCopy) == Self.rows(pair.recorderSide))
        #expect(try Self.rows(recorderCopy) == Self.rows(pair.sessionSide))
        // The flaw worked around: the session's old values say NULL where the copy's rows read the defaults.
        #expect(throws: StoreError.self) { try SQLiteChangeset.apply(sessions, to: sessionCopy.database) }

        let changes = try Self.changes(in: recorded)
        // The old values are what the rows read: only the columns the statements set differ.
        #expect(changes[1] == .init(operation: SQLITE_UPDATE, changedColumns: [3], oldValues: [3: "integer 0"]))
        #expect(changes[2] == .init(operation: SQLITE_UPDATE, changedColumns: [4], oldValues: [4: "text system"]))
        #expect(changes[3] == .init(operation: SQLITE_UPDATE, changedColumns: [1], oldValues: [1: "text c"]))
        #expect(changes[4]?.oldValues == [0: "integer 4", 1: "text d", 2: "integer 6", 3: "integer 0",
                                          4: "text system", 5: "real 1.0", 6: "text 7", 7: "integer 12",
                                          8: "integer -3", 9: "null"])
        #expect(changes[5] == .init(operation: SQLITE_UPDATE, changedColumns: [3], oldValues: [3: "integer 0"]))
        // The session's UPDATE of row 3 carries every added NOT NULL column as changed from NULL.
        #expect(try Self.changes(in: sessions)[3]?.changedColumns == [1, 3, 4, 5, 6, 7, 8])
    }

    @Test func rowsWrittenAfterTheUpgradeKeepTheSessionsBytes() throws {
        let pair = try upgradedPair()
        // RecorderPair.run checks the bytes against the session's and applies both to a copy.
        let result = try pair.run([
            .init("UPDATE players SET token_generation = 2, origin = 'player' WHERE id = 5"),
            .init("INSERT INTO players(id, name) VALUES (6, 'f')"),
            .init("UPDATE players SET weight = 2.5 WHERE id = 6"),
            .init("DELETE FROM players WHERE id = 5"),
        ], ending: .commit, comparing: ["players"], label: "new rows")
        #expect(result.changed)
    }

    /// One row's change in a changeset, as `sqlite3changeset_*` reads it.
    struct RowChange: Equatable {
        var operation: Int32
        /// An UPDATE's columns with a new value.
        var changedColumns: [Int32]
        /// The old record's defined fields, by column, as "type value".
        var oldValues: [Int32: String]
    }

    /// Each row's change by its integer key.
    static func changes(in changeset: [UInt8]) throws -> [Int64: RowChange] {
        var bytes = changeset
        return try bytes.withUnsafeMutableBytes { buffer in
            var iterator: OpaquePointer?
            try #require(sqlite3changeset_start(&iterator, Int32(buffer.count), buffer.baseAddress) == SQLITE_OK)
            defer { sqlite3changeset_finalize(iterator) }
            var result: [Int64: RowChange] = [:]
            while sqlite3changeset_next(iterator) == SQLITE_ROW {
                var table: UnsafePointer<CChar>?
                var columnCount: Int32 = 0
                var operation: Int32 = 0
                var indirect: Int32 = 0
                sqlite3changeset_op(iterator, &table, &columnCount, &operation, &indirect)
                var change = RowChange(operation: operation, changedColumns: [], oldValues: [:])
                var key: Int64 = 0
                for column in 0..<columnCount {
                    var value: OpaquePointer?
                    if operation != SQLITE_INSERT, sqlite3changeset_old(iterator, column, &value) == SQLITE_OK,
                       let value {
                        change.oldValues[column] = describe(value)
                        if column == 0 { key = sqlite3_value_int64(value) }
                    }
                    value = nil
                    if operation == SQLITE_UPDATE, sqlite3changeset_new(iterator, column, &value) == SQLITE_OK,
                       value != nil {
                        change.changedColumns.append(column)
                    }
                }
                if operation == SQLITE_UPDATE { change.oldValues[0] = nil }
                result[key] = change
            }
            return result
        }
    }

    private static func describe(_ value: OpaquePointer) -> String {
        switch sqlite3_value_type(value) {
        case SQLITE_INTEGER: "integer \(sqlite3_value_int64(value))"
        case SQLITE_FLOAT: "real \(sqlite3_value_double(value))"
        case SQLITE_TEXT: "text \(sqlite3_value_text(value).map { String(cString: $0) } ?? "")"
        case SQLITE_NULL: "null"
        default: "blob"
        }
    }

    /// The players' rows with each value's type, in key order.
    static func rows(_ connection: Connection) throws -> [String] {
        try connection.query("""
            SELECT id || '|' || name || '|' || balance || '|' || token_generation || '|' || origin || '|'
                || typeof(weight) || weight || '|' || typeof(code) || code || '|' || typeof(level) || level || '|'
                || shift || '|' || ifnull(note, 'NULL') AS line
            FROM players ORDER BY id
            """, []).map { try $0.string("line") }
    }
}
