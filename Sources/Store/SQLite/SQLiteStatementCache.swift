/// The prepared statements of one connection, found by their SQL text.
///
/// Exists because finding a statement by its text alone hashes the whole text (hundreds of bytes) on every
/// execution. Our SQL is constant text (string literals and `static let`s), whose UTF-8 bytes stay at one address while
/// a cached statement holds the string, so the address and length of the text are looked up first; a hit is accepted
/// only when the statement's own text equals the given one (the same string object compares in O(1), any other text
/// byte for byte), so a different string at a reused address is never mistaken for it. Small strings (at most 15
/// UTF-8 bytes, kept inline rather than at a stable address) and texts without contiguous storage go by text only.
/// Same owner as its connection.
struct SQLiteStatementCache {
    /// Where a string's UTF-8 bytes start, and how many there are.
    private struct TextAddress: Hashable {
        var start: UInt
        var count: Int
    }

    private var byText: [String: SQLiteStatement] = [:]
    private var byAddress: [TextAddress: SQLiteStatement] = [:]

    /// The cached statements.
    var statements: Dictionary<String, SQLiteStatement>.Values { byText.values }

    /// How many statements are cached.
    var count: Int { byText.count }

    /// The statement prepared for `sql`, or nil.
    func statement(for sql: String) -> SQLiteStatement? {
        if let address = Self.address(of: sql), let cached = byAddress[address], cached.sql == sql { return cached }
        return byText[sql]
    }

    /// Caches `statement` (prepared from `sql`) under its text and, when stable, the text's address.
    mutating func insert(_ statement: SQLiteStatement, for sql: String) {
        byText[sql] = statement
        if let address = Self.address(of: statement.sql) { byAddress[address] = statement }
    }

    /// Forgets every statement (the caller finalizes them).
    mutating func removeAll() {
        byText.removeAll(keepingCapacity: true)
        byAddress.removeAll(keepingCapacity: true)
    }

    /// The address and length of `sql`'s UTF-8 bytes, when they live outside the string value itself.
    private static func address(of sql: String) -> TextAddress? {
        let utf8 = sql.utf8
        guard utf8.count > 15 else { return nil }
        return utf8.withContiguousStorageIfAvailable { bytes in
            bytes.baseAddress.map { TextAddress(start: UInt(bitPattern: $0), count: bytes.count) }
        } ?? nil
    }
}
