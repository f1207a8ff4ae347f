@testable import API
import Testing

/// `PathParameter.decimal`, the strict integer reader behind ids and area coordinates: one pass over the bytes that
/// accepts exactly what the earlier `Int64(String)`-based version accepted.
@Suite struct PathParameterDecimalTests {
    @Test(arguments: [
        ("0", Int64(0)), ("-0", 0), ("7", 7), ("-5", -5), ("42", 42), ("1000000000", 1_000_000_000),
        ("9223372036854775807", Int64.max), ("-9223372036854775808", Int64.min),
    ])
    func accepts(_ text: String, _ value: Int64) {
        #expect(PathParameter.decimal(text) == value)
    }

    @Test(arguments: [
        "", "-", "--1", "+1", " 1", "1 ", "01", "-01", "00", "1-", "1.0", "1e3", "0x10", "١",
        "9223372036854775808", "-9223372036854775809", "99999999999999999999", "12a",
    ])
    func rejects(_ text: String) {
        #expect(PathParameter.decimal(text) == nil)
    }
}
