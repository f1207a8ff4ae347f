import Codecs
import Testing

/// The parser's fast paths (strings without escapes taken as their bytes, integers read without a String) answer
/// exactly as the general paths: the same values at `Int64`'s edges and the same errors at the same offsets.
@Suite struct JSONParserFastPathTests {
    @Test(arguments: [
        ("-9223372036854775808", JSONValue.integer(.min)), ("9223372036854775807", .integer(.max)),
        ("9223372036854775808", .number(0x1p63)), ("-9223372036854775809", .number(-0x1p63)),
        ("99999999999999999999", .number(1e20)), ("-0", .integer(0)), ("0", .integer(0)), ("[1,-2,30]", [1, -2, 30]),
        (#"{"a\u0062":"c\nd","e":"é😀"}"#, .object(["ab": .string("c\nd"), "e": .string("é😀")])),
        (#"{"amount":12}"#, .object(["amount": 12])),
        (#"{"resource":"wheat","side":"sell","price":100,"quantity":1}"#,
         .object(["resource": "wheat", "side": "sell", "price": 100, "quantity": 1])),
        ("\"\"", .string("")), ("\"a\u{7f}b~\"", .string("a\u{7f}b~")), ("\"abc\u{e9}\"", .string("abc\u{e9}")),
    ] as [(String, JSONValue)])
    func parsesLikeTheGeneralPath(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
    }

    @Test(arguments: [
        ([0x22, 0x61, 0xFF, 0x22], JSONParseError.invalidString(offset: 0)),
        ([0x22, 0x61, 0x01, 0x22], .invalidString(offset: 2)),
        ([0x22, 0xFF, 0x01, 0x22], .invalidString(offset: 2)),
        ([0x22, 0x61, 0x62], .unexpectedEnd),
        ([0x22, 0x61, 0xC0, 0x80, 0x22], .invalidString(offset: 0)),
        ([0x7B, 0x22, 0x61, 0xED, 0xA0, 0x80, 0x22, 0x3A, 0x31, 0x7D], .invalidString(offset: 1)),
        (Array(#"{"amount":1,"amount":2}"#.utf8), .duplicateKey(key: "amount")),
        (Array(#"{"k\u00e9":1,"ké":2}"#.utf8), .duplicateKey(key: "ké")),
    ] as [([UInt8], JSONParseError)])
    func failsLikeTheGeneralPath(_ bytes: [UInt8], _ expected: JSONParseError) {
        #expect(throws: expected) { try JSONParser.parse(bytes) }
    }
}
