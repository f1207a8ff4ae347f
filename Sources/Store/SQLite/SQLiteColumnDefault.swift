import CSQLite

/// The value a row written before `ALTER TABLE ... ADD COLUMN ... DEFAULT x` reads for the added column, as a
/// changeset field.
///
/// Exists because SQLite 3.40's `sqlite3_preupdate_old` returns NULL for such a column on such a row (the row's record
/// is shorter than the table; newer SQLite returns the default), while a `SELECT` of the row, here and on a standby,
/// reads the default. `SQLiteChangeRecorder` puts this value in place of that NULL for a NOT NULL column, where a NULL
/// cannot be the true old value. Computed once per table read, on the writer thread.
///
/// The default's SQL text (`PRAGMA table_info.dflt_value`) is evaluated with one `SELECT`, then given the column's
/// affinity as SQLite gives it to the default it stores in the table (`sqlite3ValueFromExpr`, then `OP_RealAffinity`
/// for a REAL column): a TEXT column reads a number as its text, a numeric column reads a number-like text as a
/// number and an integral real as an integer, a REAL column reads an integer as a real. SQLite applies the affinity to
/// a numeric literal's spelling rather than to its value, so two rare defaults read otherwise than here: a TEXT column
/// with a numeric literal not in its shortest spelling (`DEFAULT 1.50` reads '1.50', here '1.5') and a column without
/// a type with an integral real literal (`DEFAULT 2.0` reads 2, here 2.0). See https://www.sqlite.org/datatype3.html .
enum SQLiteColumnDefault {
    /// A column's type affinity (the rules of "Determination Of Column Affinity").
    enum Affinity {
        case integer, text, blob, real, numeric

        init(declaredType: String) {
            let type = declaredType.uppercased()
            if type.contains("INT") {
                self = .integer
            } else if type.contains("CHAR") || type.contains("CLOB") || type.contains("TEXT") {
                self = .text
            } else if type.contains("BLOB") || type.isEmpty {
                self = .blob
            } else if type.contains("REAL") || type.contains("FLOA") || type.contains("DOUB") {
                self = .real
            } else {
                self = .numeric
            }
        }
    }

    /// The field an old row reads for a column whose default is `defaultSQL` and type `declaredType`; nil when the
    /// default is NULL.
    /// - Throws: `.sqlite` when the default's `SELECT` fails to prepare or step.
    static func field(defaultSQL: String, declaredType: String, database: SQLiteDatabase,
                      connection: OpaquePointer) throws(StoreError) -> [UInt8]? {
        let sql = "SELECT \(defaultSQL)"
        var statement: OpaquePointer?
        let prepareCode = sqlite3_prepare_v2(connection, sql, -1, &statement, nil)
        defer { sqlite3_finalize(statement) }
        guard prepareCode == SQLITE_OK, let statement else { throw database.error(code: prepareCode, sql: sql) }
        let stepCode = sqlite3_step(statement)
        guard stepCode == SQLITE_ROW else { throw database.error(code: stepCode, sql: sql) }
        guard let value = sqlite3_value_dup(sqlite3_column_value(statement, 0)) else {
            throw database.error(code: SQLITE_NOMEM, sql: sql)
        }
        defer { sqlite3_value_free(value) }
        return field(value, affinity: Affinity(declaredType: declaredType))
    }

    /// `value` with `affinity` applied, as a field (nil for NULL). May convert `value` in place.
    private static func field(_ value: OpaquePointer, affinity: Affinity) -> [UInt8]? {
        var type = sqlite3_value_type(value)
        if type == SQLITE_NULL { return nil }
        var bytes = SQLiteChangeBytes(capacity: 16)
        if affinity == .text {
            guard type == SQLITE_INTEGER || type == SQLITE_FLOAT else {
                SQLiteChangesetFormat.appendValue(value, to: &bytes)
                return bytes.array
            }
            // A number reads as its text (what `sqlite3_value_text` makes of it is SQLite's own rendering).
            let start = UnsafeRawPointer(sqlite3_value_text(value))
            let count = Int(sqlite3_value_bytes(value))
            bytes.append(SQLiteChangesetFormat.text)
            bytes.appendVarint(UInt64(count))
            bytes.append(start, byteCount: count)
            return bytes.array
        }
        if affinity != .blob && type == SQLITE_TEXT {
            // Converts a number-like text to an integer or a real, leaves any other text as it is.
            type = sqlite3_value_numeric_type(value)
        }
        switch type {
        case SQLITE_INTEGER where affinity == .real:
            appendReal(Double(sqlite3_value_int64(value)), to: &bytes)
        case SQLITE_FLOAT where affinity == .real:
            appendReal(sqlite3_value_double(value), to: &bytes)
        case SQLITE_FLOAT where affinity != .blob:
            // `sqlite3VdbeIntegerAffinity`: an integral real within the integers' open range is stored as an integer.
            let real = sqlite3_value_double(value)
            if let integer = Int64(exactly: real), integer > .min, integer < .max {
                bytes.append(SQLiteChangesetFormat.integer)
                bytes.appendBigEndian(UInt64(bitPattern: integer))
            } else {
                appendReal(real, to: &bytes)
            }
        default:
            SQLiteChangesetFormat.appendValue(value, to: &bytes)
        }
        return bytes.array
    }

    private static func appendReal(_ real: Double, to bytes: inout SQLiteChangeBytes) {
        bytes.append(SQLiteChangesetFormat.real)
        bytes.appendBigEndian(real.bitPattern)
    }
}
