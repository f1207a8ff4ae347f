import Store
import Testing

@Suite struct RowTests {
    let row = Row(
        columnNames: ["id", "name", "ratio", "flag", "data", "missing_value"],
        values: [.integer(7), .text("ada"), .real(0.5), .integer(1), .blob([1, 2]), .null])

    @Test func typedAccessorsReadMatchingColumns() throws {
        #expect(try row.int64("id") == 7)
        #expect(try row.int("id") == 7)
        #expect(try row.string("name") == "ada")
        #expect(try row.double("ratio") == 0.5)
        #expect(try row.double("id") == 7.0)
        #expect(try row.bool("flag"))
        #expect(try row.blob("data") == [1, 2])
        #expect(try row.optionalInt64("missing_value") == nil)
        #expect(try row.optionalInt64("id") == 7)
        #expect(try row.optionalString("missing_value") == nil)
        #expect(try row.optionalString("name") == "ada")
    }

    @Test func missingColumnThrows() {
        #expect(throws: StoreError.columnMissing(name: "nope")) { try row.int64("nope") }
        #expect(row["nope"] == .null)
    }

    @Test(arguments: [
        ("name", StoreError.typeMismatch(column: "name", expected: "integer", actual: "text")),
        ("missing_value", StoreError.typeMismatch(column: "missing_value", expected: "integer", actual: "null")),
        ("data", StoreError.typeMismatch(column: "data", expected: "integer", actual: "blob")),
    ])
    func wrongStorageClassThrows(column: String, expected: StoreError) {
        #expect(throws: expected) { try row.int64(column) }
    }

    @Test func otherMismatches() {
        #expect(throws: StoreError.typeMismatch(column: "id", expected: "text", actual: "integer")) { try row.string("id") }
        #expect(throws: StoreError.typeMismatch(column: "ratio", expected: "boolean (integer 0 or 1)", actual: "real")) {
            try row.bool("ratio")
        }
        #expect(throws: StoreError.typeMismatch(column: "name", expected: "blob", actual: "text")) { try row.blob("name") }
        #expect(throws: StoreError.typeMismatch(column: "name", expected: "integer or null", actual: "text")) {
            try row.optionalInt64("name")
        }
    }
}

/// Column lookup by name finds the first match, whatever the lengths and positions.
@Suite struct RowColumnLookupTests {
    let row = Row(columnNames: ["a", "ab", "ba", "abc", "farm_next_harvest_at", "farm_next_harvest_au", "a"],
                  values: [.integer(1), .integer(2), .integer(3), .integer(4), .integer(5), .integer(6), .integer(7)])

    @Test(arguments: [("a", 1), ("ab", 2), ("ba", 3), ("abc", 4), ("farm_next_harvest_at", 5), ("farm_next_harvest_au", 6)])
    func findsTheFirstColumnWithThatName(_ name: String, _ expected: Int64) throws {
        #expect(try row.int64(name) == expected)
    }

    @Test(arguments: ["", "b", "abcd", "farm_next_harvest_a", "A"])
    func missesNamesThatDifferInAnyByte(_ name: String) {
        #expect(row[name] == .null)
    }
}
