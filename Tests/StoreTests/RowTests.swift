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
