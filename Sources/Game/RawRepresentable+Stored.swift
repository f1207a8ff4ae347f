extension RawRepresentable where RawValue == String {
    /// The case stored as `text` in `column` of row `id` of `table`.
    ///
    /// Why it exists: every row reader of the game maps a stored name (a status, a kind, an asset) back to its enum the
    /// same way, and a name no case has means a corrupt or hand-edited row.
    /// - Throws: `GameError.corruptRow` (`unknown COLUMN TEXT`) when no case has that raw value.
    init(stored text: String, column: String, table: String, id: Int64) throws(GameError) {
        guard let value = Self(rawValue: text) else {
            throw .corruptRow(table: table, id: id, detail: "unknown \(column) \(text)")
        }
        self = value
    }
}
