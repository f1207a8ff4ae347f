import Codecs
import Testing

@Suite struct JSONParserTests {
    @Test(arguments: [
        (#"{"a":1,"b":[true,false,null],"c":"x\"\\\/\n\u00e9\ud83d\ude00"}"#,
         JSONValue.object(["a": 1, "b": [true, false, .null], "c": .string("x\"\\/\né😀")])),
        ("  -0 ", .integer(0)), ("1.5", .number(1.5)), ("1e3", .number(1000)), ("9223372036854775807", .integer(Int64.max)),
        (#""""#, .string("")), ("[]", .array([])), ("{}", .object([:])),
    ] as [(String, JSONValue)])
    func parses(_ text: String, _ expected: JSONValue) throws {
        #expect(try JSONParser.parse(Array(text.utf8)) == expected)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "+1", "\"\u{01}\"", "\"\\x\"", "{\"a\":1,\"a\":2}",
                      "nul", "[1] [2]", "'a'", "\"\\ud800\"", String(repeating: "[", count: 40) + String(repeating: "]", count: 40)])
    func rejects(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func rejectsInvalidUTF8() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse([0x22, 0xFF, 0x22]) }
    }

    @Test func encodesSortedAndEscaped() {
        let value: JSONValue = ["b": .string("a\"\u{1}"), "a": .null, "c": [1, .number(0.5)]]
        #expect(String(decoding: value.encoded(), as: UTF8.self) == #"{"a":null,"b":"a\"\u0001","c":[1,0.5]}"#)
    }
}
