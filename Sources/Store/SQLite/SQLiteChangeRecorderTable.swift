import CSQLite

/// One table as `SQLiteChangeRecorder` sees it: its columns and primary key (read once), its prepared row `SELECT`
/// (kept across batches), and the batch's changed rows, kept in a hash table laid out as the session extension lays
/// out its own, so the changeset lists the rows in the session's order.
///
/// Owned by the recorder, on the writer thread. Per changed row it keeps what the session keeps: the first operation
/// seen, whether every change so far came from a trigger or a foreign-key action (indirect), and the row's values when
/// first touched (all columns for an UPDATE or DELETE, only the key for an INSERT). The hash table starts with 256
/// buckets per batch and doubles when it is half full; a new row goes to the head of its bucket's chain; growing
/// relinks each old chain from its head. That is the session's `sessionGrowHash`, and the changeset walks the buckets
/// in order, so the order of rows within a table is the session's. See `SQLiteChangesetFormat` for the bytes.
final class SQLiteChangeRecorderTable {
    /// What the recorder does with the table's changes.
    enum Kind {
        /// Left out on purpose (`WriterChangeCapture.excludedTables`).
        case excluded
        /// No PRIMARY KEY: the session skips such tables, and so does the recorder.
        case withoutPrimaryKey
        /// Recorded.
        case recorded
    }

    /// One changed row of the batch.
    struct Change {
        /// The first operation seen on the row (`SQLITE_INSERT`, `SQLITE_UPDATE` or `SQLITE_DELETE`).
        var operation: Int32
        /// True while every change to the row came from a trigger or a foreign-key action.
        var isIndirect: Bool
        /// The session's hash of the row's key (`SQLiteChangesetFormat.keyHash`), kept for growing the table.
        var hash: UInt32
        /// The next change in the same bucket, or -1.
        var next: Int32
        /// The row's values when first touched, as a record, in `bytes`.
        var recordStart: Int
        var recordEnd: Int
        /// The row's key fields, one after another, in `bytes`.
        var keyStart: Int
        var keyEnd: Int
    }

    /// The first bucket count of each batch, as the session's (`2 * 128`).
    static let initialBucketCount = 256

    let name: String
    /// `name` NUL-terminated, to match the name pointer the pre-update hook passes.
    let nameCString: [CChar]
    let kind: Kind
    let columnCount: Int32
    let columnNames: [String]
    /// One byte per column: its position in the primary key (1-based), 0 when not part of it. This is the header's
    /// primary-key byte, as the session writes it (`PRAGMA table_info`'s `pk` column).
    let primaryKeyFlags: [UInt8]
    /// The primary key's columns in column order (the order the session hashes and binds them in).
    let primaryKeyColumns: [Int32]
    /// Per column, the field a row written before the column was added reads (`SQLiteColumnDefault`), for a NOT NULL
    /// non-key column with a non-NULL default; nil for the others. Empty when no column has one.
    let oldRowDefaults: [[UInt8]?]
    /// Whether the key is the rowid (one `INTEGER PRIMARY KEY` column of a rowid table): the pre-update hook then
    /// hands the old and new key as its rowids, and `sqlite3_preupdate_old`/`_new` read exactly those for the key
    /// column, so the recorder takes the key from the rowids instead of calling them.
    let isRowidKey: Bool
    /// `sqlite_stat1`, which the session treats apart: (tbl, idx) is its key and a NULL idx reads as an empty blob.
    let isStat1: Bool
    /// The `SELECT` of one row by key, the session's: every column, `WHERE` each key column `IS ?(its position)`.
    let selectSQL: String
    /// `selectSQL` prepared at the table's first changeset and kept until the schema changes.
    var selectStatement: OpaquePointer?

    /// Whether the batch changed the table (it is then in the recorder's list of the batch's tables).
    var isTouched = false
    var buckets = [Int32](repeating: -1, count: initialBucketCount)
    var changes: [Change] = []
    /// The batch's records and keys.
    var bytes = SQLiteChangeBytes()

    init(name: String, kind: Kind, columnNames: [String], primaryKeyFlags: [UInt8], oldRowDefaults: [[UInt8]?] = [],
         isRowidKey: Bool = false) {
        self.name = name
        self.isRowidKey = isRowidKey
        self.oldRowDefaults = oldRowDefaults.contains { $0 != nil } ? oldRowDefaults : []
        self.columnNames = columnNames
        nameCString = Array(name.utf8CString)
        self.kind = kind
        columnCount = Int32(columnNames.count)
        self.primaryKeyFlags = primaryKeyFlags
        primaryKeyColumns = primaryKeyFlags.indices.filter { primaryKeyFlags[$0] != 0 }.map { Int32($0) }
        isStat1 = name.lowercased() == "sqlite_stat1"
        selectSQL = isStat1
            ? "SELECT tbl, ?2, stat FROM \"main\".sqlite_stat1"
                + " WHERE tbl IS ?1 AND idx IS (CASE WHEN ?2=X'' THEN NULL ELSE ?2 END)"
            : Self.selectSQL(table: name, columnNames: columnNames, primaryKeyFlags: primaryKeyFlags)
    }

    deinit { finalize() }

    /// Finalizes the kept `SELECT` (idempotent).
    func finalize() {
        sqlite3_finalize(selectStatement)
        selectStatement = nil
    }

    /// Whether `other` has the same columns and primary key (what the changes were recorded with).
    func hasLayout(of other: SQLiteChangeRecorderTable) -> Bool {
        kind == other.kind && columnNames == other.columnNames && primaryKeyFlags == other.primaryKeyFlags
    }

    /// Whether the NUL-terminated `other` spells this table's name.
    func hasName(_ other: UnsafePointer<CChar>) -> Bool {
        var index = 0
        while index < nameCString.count {
            guard other[index] == nameCString[index] else { return false }
            if nameCString[index] == 0 { return true }
            index += 1
        }
        return false
    }

    /// Forgets the batch's changes (the next batch starts with an empty 256-bucket table, as a new session does).
    func resetBatch() {
        isTouched = false
        changes.removeAll(keepingCapacity: true)
        bytes.removeAll()
        if buckets.count == Self.initialBucketCount {
            buckets.withUnsafeMutableBufferPointer { $0.update(repeating: -1) }
        } else {
            buckets = [Int32](repeating: -1, count: Self.initialBucketCount)
        }
    }

    /// Notes one pre-update call of `operation` on the table (`sessionPreupdateOneChange`): a row not seen yet in the
    /// batch gets its values recorded, a row seen before only loses its indirect flag when this change is direct.
    /// A row whose key holds a NULL is skipped, as the session skips it. `key` is scratch space. `rowid` is the
    /// hook's rowid of the row as `operation` reads it (the new one for an INSERT, else the old one); it is the key
    /// when `isRowidKey`.
    /// - Returns: `SQLITE_OK`, or the code of a failed `sqlite3_preupdate_old`/`_new`.
    func note(_ operation: Int32, connection: OpaquePointer, key: inout SQLiteChangeBytes, rowid: Int64) -> Int32 {
        growIfNeeded()
        let readsNew = operation == SQLITE_INSERT
        key.removeAll()
        if isRowidKey {
            key.append(SQLiteChangesetFormat.integer)
            key.appendBigEndian(UInt64(bitPattern: rowid))
        } else {
            var hasNull = false
            let code = appendKey(readsNew: readsNew, connection: connection, to: &key, hasNull: &hasNull)
            guard code == SQLITE_OK else { return code }
            if hasNull { return SQLITE_OK }
        }
        let hash = key.withBytes { SQLiteChangesetFormat.keyHash($0) }
        let bucket = Int(hash % UInt32(buckets.count))
        let isIndirect = sqlite3_preupdate_depth(connection) > 0
        var index = buckets[bucket]
        while index >= 0 {
            if keyMatches(changes[Int(index)], key) {
                if !isIndirect { changes[Int(index)].isIndirect = false }
                return SQLITE_OK
            }
            index = changes[Int(index)].next
        }
        let recordStart = bytes.count
        let code = appendRecord(readsNew: readsNew, connection: connection, key: key, rowid: rowid, to: &bytes)
        guard code == SQLITE_OK else { return code }
        let keyStart = bytes.count - key.count
        changes.append(Change(
            operation: operation, isIndirect: isIndirect, hash: hash, next: buckets[bucket],
            recordStart: recordStart, recordEnd: keyStart, keyStart: keyStart, keyEnd: bytes.count))
        buckets[bucket] = Int32(changes.count - 1)
        return SQLITE_OK
    }

    /// Appends the key columns' values (new ones when `readsNew`) to `key`; sets `hasNull` when one is NULL.
    /// - Returns: `SQLITE_OK`, or the code of a failed `sqlite3_preupdate_old`/`_new`.
    private func appendKey(readsNew: Bool, connection: OpaquePointer, to key: inout SQLiteChangeBytes,
                           hasNull: inout Bool) -> Int32 {
        for column in primaryKeyColumns {
            var value: OpaquePointer?
            let code = readsNew
                ? sqlite3_preupdate_new(connection, column, &value) : sqlite3_preupdate_old(connection, column, &value)
            guard code == SQLITE_OK else { return code }
            let emptyBlobForNull = isStat1 && column == 1
            if !emptyBlobForNull && sqlite3_value_type(value) == SQLITE_NULL {
                hasNull = true
                continue
            }
            SQLiteChangesetFormat.appendValue(value, emptyBlobForNull: emptyBlobForNull, to: &key)
        }
        return SQLITE_OK
    }

    /// Appends the row's record (every column's old value, or for an INSERT the key columns' new values and undefined
    /// fields), then `key`; appends nothing and returns the code when `sqlite3_preupdate_old` fails. Writes through one
    /// `inout` access to the table's bytes for the whole row, not one per field (the exclusivity checks of per-field
    /// appends to a class's array were about 10k instructions per lone bid).
    private func appendRecord(readsNew: Bool, connection: OpaquePointer, key: borrowing SQLiteChangeBytes,
                              rowid: Int64, to bytes: inout SQLiteChangeBytes) -> Int32 {
        let recordStart = bytes.count
        for column in 0..<columnCount {
            var value: OpaquePointer?
            if isRowidKey && primaryKeyFlags[Int(column)] != 0 {
                // The rowid, which `sqlite3_preupdate_old`/`_new` read for this column.
                bytes.append(SQLiteChangesetFormat.integer)
                bytes.appendBigEndian(UInt64(bitPattern: rowid))
                continue
            }
            if !readsNew {
                let code = sqlite3_preupdate_old(connection, column, &value)
                guard code == SQLITE_OK else {
                    bytes.truncate(to: recordStart)
                    return code
                }
                // Here alone the recorder departs from the session: SQLite 3.40 reads NULL, not the default, for a
                // column added by ALTER TABLE on a row written before it, and a standby would refuse that old value.
                if !oldRowDefaults.isEmpty, let field = oldRowDefaults[Int(column)],
                   sqlite3_value_type(value) == SQLITE_NULL {
                    bytes.append(contentsOf: field)
                    continue
                }
            } else if primaryKeyFlags[Int(column)] != 0 {
                _ = sqlite3_preupdate_new(connection, column, &value)
            }
            SQLiteChangesetFormat.appendValue(value, emptyBlobForNull: isStat1 && column == 1, to: &bytes)
        }
        key.withBytes { bytes.append($0) }
        return SQLITE_OK
    }

    /// Doubles the buckets once they are half full, relinking as `sessionGrowHash` does (on every call the session
    /// makes for a row, even one that finds the row already noted).
    func growIfNeeded() {
        guard changes.count >= buckets.count / 2 else { return }
        let newCount = buckets.count * 2
        var newBuckets = [Int32](repeating: -1, count: newCount)
        for head in buckets {
            var index = head
            while index >= 0 {
                let next = changes[Int(index)].next
                let bucket = Int(changes[Int(index)].hash % UInt32(newCount))
                changes[Int(index)].next = newBuckets[bucket]
                newBuckets[bucket] = index
                index = next
            }
        }
        buckets = newBuckets
    }

    /// Whether `change`'s key equals `key` field by field (`sessionPreupdateEqual`). Equal keys have equal lengths:
    /// the only values equal with different bytes are the reals 0.0 and -0.0, both 9 bytes.
    private func keyMatches(_ change: Change, _ key: borrowing SQLiteChangeBytes) -> Bool {
        change.keyEnd - change.keyStart == key.count && key.withBytes { fieldsMatch(change, $0) }
    }

    private func fieldsMatch(_ change: Change, _ fields: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withBytes { stored in
            var offset = 0
            var storedOffset = change.keyStart
            while offset < fields.count, storedOffset < change.keyEnd {
                guard SQLiteChangesetFormat.fieldsEqual(fields, at: offset, stored, at: storedOffset) else {
                    return false
                }
                offset += SQLiteChangesetFormat.fieldLength(fields, at: offset)
                storedOffset += SQLiteChangesetFormat.fieldLength(stored, at: storedOffset)
            }
            return offset == fields.count && storedOffset == change.keyEnd
        }
    }

    /// The session's row `SELECT`: `SELECT "a", "b" FROM "main"."t" WHERE "a" IS ?1` (every column in order; each key
    /// column compared with the parameter numbered by its position).
    static func selectSQL(table: String, columnNames: [String], primaryKeyFlags: [UInt8]) -> String {
        let columns = columnNames.map(quoted).joined(separator: ", ")
        let keys = columnNames.indices.filter { primaryKeyFlags[$0] != 0 }
            .map { "\(quoted(columnNames[$0])) IS ?\($0 + 1)" }.joined(separator: " AND ")
        return "SELECT \(columns) FROM \"main\".\(quoted(table)) WHERE \(keys)"
    }

    /// `identifier` in double quotes, inner quotes doubled.
    static func quoted(_ identifier: String) -> String {
        var result = "\""
        for character in identifier {
            if character == "\"" { result += "\"\"" } else { result.append(character) }
        }
        return result + "\""
    }
}
