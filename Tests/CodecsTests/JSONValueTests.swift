import Codecs
import Testing

/// The encoder's fast paths (digits without a String, strings copied in bulk) give the bytes the plain forms give.
@Suite struct JSONValueEncodingTests {
    @Test(arguments: [Int64.min, Int64.min + 1, -1_000_000_007, -10, -9, -1, 0, 1, 9, 10, 99, 100, 4_242,
                      1_000_000_000_000, Int64.max - 1, Int64.max])
    func integersMatchStringConversion(_ value: Int64) {
        #expect(JSONValue.integer(value).encoded() == Array(String(value).utf8))
    }

    @Test(arguments: ["", "plain", "tab\there", "quote\"back\\slash", "\u{1}\u{1f}", "é ü 漢字 🌍", "new\nline\r"])
    func stringsMatchByteByByteEscaping(_ text: String) {
        let hex = Array("0123456789abcdef".utf8)
        var expected: [UInt8] = [UInt8(ascii: "\"")]
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): expected += Array(#"\""#.utf8)
            case UInt8(ascii: "\\"): expected += Array(#"\\"#.utf8)
            case 0x0A: expected += Array(#"\n"#.utf8)
            case 0x0D: expected += Array(#"\r"#.utf8)
            case 0x09: expected += Array(#"\t"#.utf8)
            case 0..<0x20: expected += Array(#"\u00"#.utf8) + [hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            default: expected.append(byte)
            }
        }
        expected.append(UInt8(ascii: "\""))
        #expect(JSONValue.string(text).encoded() == expected)
    }

    @Test func objectsKeepSortedKeysAndNesting() {
        let value: JSONValue = ["z": [true, false, .null], "a": ["y": -5, "b": "x"], "m": .array([])]
        #expect(String(decoding: value.encoded(), as: UTF8.self) == #"{"a":{"b":"x","y":-5},"m":[],"z":[true,false,null]}"#)
    }
}
