import CSQLite

extension SQLiteChangeRecorderTable {
    /// Appends the table's part of the changeset to `output`, as `sessionGenerateChangeset` writes it: the header, then
    /// per changed row (bucket by bucket, each chain from its head) the row as it is now, read by key with the kept
    /// `SELECT`. A row first inserted is an INSERT of its current values, or nothing when it is gone again; a row
    /// first updated or deleted is a DELETE of its first values when it is gone, else an UPDATE of the columns that
    /// differ (nothing when none does). A table whose rows all net out leaves no header either.
    /// - Parameter newRecord: scratch space for an UPDATE's new values.
    /// - Throws: `.sqlite` when preparing or stepping the `SELECT` fails.
    func appendChanges(to output: inout SQLiteChangeBytes, database: SQLiteDatabase,
                       newRecord: inout SQLiteChangeBytes) throws(StoreError) {
        let statement = try preparedSelect(database)
        let headerStart = output.count
        appendHeader(to: &output)
        let changesStart = output.count
        let code = bytes.withBytes { stored in
            defer {
                sqlite3_reset(statement)
                sqlite3_clear_bindings(statement)
            }
            for head in buckets {
                var index = head
                while index >= 0 {
                    let change = changes[Int(index)]
                    let code = appendChange(change, stored: stored, statement: statement, to: &output,
                                            newRecord: &newRecord)
                    guard code == SQLITE_OK else { return code }
                    index = change.next
                }
            }
            return SQLITE_OK
        }
        guard code == SQLITE_OK else { throw database.error(code: code, sql: selectSQL) }
        if output.count == changesStart { output.truncate(to: headerStart) }
    }

    /// `T`, the column count, the primary-key bytes and the NUL-terminated name.
    private func appendHeader(to output: inout SQLiteChangeBytes) {
        output.append(SQLiteChangesetFormat.tableHeader)
        output.appendVarint(UInt64(columnCount))
        output.append(contentsOf: primaryKeyFlags)
        nameCString.withUnsafeBytes { output.append($0.baseAddress, byteCount: $0.count) }
    }

    /// The kept `SELECT`, prepared on first use (`SQLITE_PREPARE_PERSISTENT`: it lives across batches).
    private func preparedSelect(_ database: SQLiteDatabase) throws(StoreError) -> OpaquePointer {
        if let selectStatement { return selectStatement }
        let connection = try database.openHandle()
        var prepared: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, selectSQL, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &prepared, nil)
        guard code == SQLITE_OK, let prepared else {
            sqlite3_finalize(prepared)
            throw database.error(code: code, sql: selectSQL)
        }
        selectStatement = prepared
        return prepared
    }

    /// Looks `change`'s row up and appends what it nets to; returns the `SELECT`'s failing code or `SQLITE_OK`.
    private func appendChange(_ change: Change, stored: UnsafeBufferPointer<UInt8>, statement: OpaquePointer,
                              to output: inout SQLiteChangeBytes, newRecord: inout SQLiteChangeBytes) -> Int32 {
        let bindCode = bindKey(of: change, stored: stored, to: statement)
        guard bindCode == SQLITE_OK else { return bindCode }
        let stepCode = sqlite3_step(statement)
        let indirect: UInt8 = change.isIndirect ? 1 : 0
        switch stepCode {
        case SQLITE_ROW where change.operation == SQLITE_INSERT:
            output.append(UInt8(SQLITE_INSERT))
            output.append(indirect)
            for column in 0..<columnCount { SQLiteChangesetFormat.appendColumn(statement, column, to: &output) }
        case SQLITE_ROW:
            appendUpdate(change, stored: stored, statement: statement, to: &output, newRecord: &newRecord)
        case SQLITE_DONE where change.operation != SQLITE_INSERT:
            output.append(UInt8(SQLITE_DELETE))
            output.append(indirect)
            output.append(stored, range: change.recordStart..<change.recordEnd)
        case SQLITE_DONE:
            break
        default:
            return stepCode
        }
        return sqlite3_reset(statement)
    }

    /// Binds the key fields of `change` to their parameters (each key column's position, 1-based). The bytes are bound
    /// without a copy: `stored` outlives the step, and the caller clears the bindings before it is released.
    private func bindKey(of change: Change, stored: UnsafeBufferPointer<UInt8>, to statement: OpaquePointer) -> Int32 {
        var offset = change.keyStart
        for column in primaryKeyColumns {
            let parameter = column + 1
            let type = stored[offset]
            var code = SQLITE_OK
            switch type {
            case SQLiteChangesetFormat.integer:
                let value = SQLiteChangesetFormat.readBigEndian(stored, at: offset + 1)
                code = sqlite3_bind_int64(statement, parameter, Int64(bitPattern: value))
                offset += 9
            case SQLiteChangesetFormat.real:
                let value = SQLiteChangesetFormat.readBigEndian(stored, at: offset + 1)
                code = sqlite3_bind_double(statement, parameter, Double(bitPattern: value))
                offset += 9
            case SQLiteChangesetFormat.text, SQLiteChangesetFormat.blob:
                let (count, length) = SQLiteChangesetFormat.readVarint(stored, at: offset + 1)
                let start = offset + 1 + length
                let pointer = UnsafeRawPointer(stored.baseAddress.map { $0 + start })
                if count == 0 {
                    code = type == SQLiteChangesetFormat.text
                        ? sqlite3_bind_text(statement, parameter, "", 0, Self.transientDestructor)
                        : sqlite3_bind_zeroblob(statement, parameter, 0)
                } else if type == SQLiteChangesetFormat.text {
                    code = sqlite3_bind_text(statement, parameter, pointer?.assumingMemoryBound(to: CChar.self),
                                             Int32(count), Self.staticDestructor)
                } else {
                    code = sqlite3_bind_blob(statement, parameter, pointer, Int32(count), Self.staticDestructor)
                }
                offset = start + count
            default:
                offset += 1
            }
            guard code == SQLITE_OK else { return code }
        }
        return SQLITE_OK
    }

    /// The UPDATE of `change` against the current row (`sessionAppendUpdate`): the old record holds the key and the
    /// first values of the changed columns, the new record the changed columns' current values; the rest is undefined.
    /// Nothing is appended when no column differs.
    private func appendUpdate(_ change: Change, stored: UnsafeBufferPointer<UInt8>, statement: OpaquePointer,
                              to output: inout SQLiteChangeBytes, newRecord: inout SQLiteChangeBytes) {
        let rewind = output.count
        output.append(UInt8(SQLITE_UPDATE))
        output.append(change.isIndirect ? 1 : 0)
        newRecord.removeAll()
        var offset = change.recordStart
        var anyChanged = false
        for column in 0..<columnCount {
            let length = SQLiteChangesetFormat.fieldLength(stored, at: offset)
            let changed = !Self.field(stored, at: offset, equalsColumn: column, of: statement)
            if changed { anyChanged = true }
            if changed || primaryKeyFlags[Int(column)] != 0 {
                output.append(stored, range: offset..<(offset + length))
            } else {
                output.append(SQLiteChangesetFormat.undefined)
            }
            if changed {
                SQLiteChangesetFormat.appendColumn(statement, column, to: &newRecord)
            } else {
                newRecord.append(SQLiteChangesetFormat.undefined)
            }
            offset += length
        }
        if anyChanged {
            newRecord.withBytes { output.append($0) }
        } else {
            output.truncate(to: rewind)
        }
    }

    /// Whether the stored field at `offset` equals column `column` of the current row, as the session compares them:
    /// same type, and equal integers, equal reals, or the same bytes.
    private static func field(_ stored: UnsafeBufferPointer<UInt8>, at offset: Int, equalsColumn column: Int32,
                              of statement: OpaquePointer) -> Bool {
        let type = stored[offset]
        let columnType = sqlite3_column_type(statement, column)
        switch type {
        case SQLiteChangesetFormat.null:
            return columnType == SQLITE_NULL
        case SQLiteChangesetFormat.integer:
            return columnType == SQLITE_INTEGER
                && Int64(bitPattern: SQLiteChangesetFormat.readBigEndian(stored, at: offset + 1))
                    == sqlite3_column_int64(statement, column)
        case SQLiteChangesetFormat.real:
            return columnType == SQLITE_FLOAT
                && Double(bitPattern: SQLiteChangesetFormat.readBigEndian(stored, at: offset + 1))
                    == sqlite3_column_double(statement, column)
        default:
            let (count, length) = SQLiteChangesetFormat.readVarint(stored, at: offset + 1)
            guard Int32(type) == columnType, count == Int(sqlite3_column_bytes(statement, column)) else { return false }
            guard count > 0 else { return true }
            guard let current = sqlite3_column_blob(statement, column), let base = stored.baseAddress else {
                return false
            }
            return SQLiteChangesetFormat.bytesEqual(UnsafeRawPointer(base + offset + 1 + length), current, count: count)
        }
    }

    /// `SQLITE_STATIC`: SQLite uses the bound bytes in place.
    private static let staticDestructor = unsafeBitCast(0, to: sqlite3_destructor_type.self)
    /// `SQLITE_TRANSIENT`: SQLite copies the bound bytes before the call returns.
    private static let transientDestructor = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
