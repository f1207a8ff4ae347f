import Codecs
import Testing

/// The byte writer's escaping and number forms, which REST bodies, realtime messages and log lines all depend on.
@Suite struct JSONWriterTests {
    @Test(arguments: [
        ("plain", #""plain""#, #""plain""#),
        ("a/b é 🌍", #""a/b é 🌍""#, #""a/b é 🌍""#),
        ("quote\"back\\slash", #""quote\"back\\slash""#, #""quote\"back\\slash""#),
        ("new\nline\r\ttab", #""new\nline\r\ttab""#, #""new\nline\r\ttab""#),
        ("\u{8}\u{c}", #""\u0008\u000c""#, #""\b\f""#),
        ("\u{0}\u{1f}\u{1b}", #""\u0000\u001f\u001b""#, #""\u0000\u001f\u001b""#),
    ])
    func escapesStrings(_ input: String, minimal: String, short: String) {
        #expect(JSONWriter.quoted(input) == minimal)
        #expect(JSONWriter.quoted(input, controls: .short) == short)
    }

    @Test(arguments: [Int64.min, Int64.min + 1, -1_000_000_000, -10, -9, -1, 0, 7, 9, 10, 99, 100, 1_000_000_007,
                      1_735_689_600_123, Int64.max])
    func writesIntegersAsStringConversionDoes(_ value: Int64) {
        var output: [UInt8] = []
        JSONWriter.writeInteger(value, into: &output)
        #expect(output == Array(String(value).utf8))
        // After other bytes: only the number's own digits are reversed.
        var appended = Array(#"{"x":"#.utf8)
        JSONWriter.writeInteger(value, into: &appended)
        #expect(appended == Array(#"{"x":\#(value)"#.utf8))
    }

    @Test(arguments: [(1.5, "1.5"), (0.1, "0.1"), (1e-7, "1e-07"), (-2.0, "-2.0"), (Double.nan, "null"),
                      (Double.infinity, "null"), (-Double.infinity, "null")])
    func writesDoublesAndNullForNonFinite(_ value: Double, expected: String) {
        var output: [UInt8] = []
        JSONWriter.writeDouble(value, into: &output)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }

    @Test func valueEncodingUsesTheWriter() {
        let value: JSONValue = ["b": "x\u{8}", "a": [1, .number(2.5), .null, true]]
        #expect(String(decoding: value.encoded(), as: UTF8.self) == #"{"a":[1,2.5,null,true],"b":"x\u0008"}"#)
    }
}
