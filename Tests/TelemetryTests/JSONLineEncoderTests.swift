import Foundation
import Testing
@testable import Telemetry

@Suite struct JSONLineEncoderTests {
    private static let time = Date(timeIntervalSince1970: 1_700_000_000.123)

    private func line(message: String = "m", fields: [(String, LogValue)] = []) -> String {
        let record = LogRecord(time: Self.time, level: .warning, label: "writer", message: message, fields: fields)
        return String(decoding: JSONLineEncoder.encode(record), as: UTF8.self)
    }

    @Test func writesKeysInOrderWithOneTrailingNewline() {
        let text = line(message: "writer batch committed", fields: [("batch_size", 12), ("duration_ms", 1.5), ("ok", true)])
        #expect(text == #"{"time":"2023-11-14T22:13:20.123Z","level":"warning","label":"writer","message":"writer batch committed","batch_size":12,"duration_ms":1.5,"ok":true}"# + "\n")
    }

    @Test(arguments: [
        ("plain", #""plain""#),
        ("quote \" here", #""quote \" here""#),
        ("back\\slash", #""back\\slash""#),
        ("line\nfeed\r\ttab", #""line\nfeed\r\ttab""#),
        ("\u{08}\u{0C}", #""\b\f""#),
        ("\u{00}\u{01}\u{1F}", #""\u0000\u0001\u001f""#),
        ("\u{7F}", "\"\u{7F}\""),
        ("é 世界 🎲", "\"é 世界 🎲\""),
        ("/slash", #""/slash""#),
        ("", #""""#),
    ])
    func escapesStrings(input: String, expected: String) {
        var output: [UInt8] = []
        JSONLineEncoder.appendString(input, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }

    @Test(arguments: [
        (LogValue.int(-42), "-42"),
        (.int(Int64.max), "9223372036854775807"),
        (.double(0.25), "0.25"),
        (.double(1e-7), "1e-07"),
        (.double(.infinity), "null"),
        (.double(-.infinity), "null"),
        (.double(.nan), "null"),
        (.bool(false), "false"),
        (.string("x\"y"), #""x\"y""#),
    ])
    func rendersValues(value: LogValue, expected: String) {
        var output: [UInt8] = []
        JSONLineEncoder.appendValue(value, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == expected)
    }

    @Test func everyLineIsValidJSONThatRoundTrips() throws {
        let nasty = "a\"b\\c\nd\u{01}é🎲"
        let text = line(message: nasty, fields: [(nasty, .string(nasty))])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["message"] as? String == nasty)
        #expect(object[nasty] as? String == nasty)
        #expect(text.filter { $0 == "\n" }.count == 1)
    }

    @Test func skipsFieldsThatWouldRepeatAKey() {
        let text = line(fields: [("message", "shadow"), ("level", 1), ("id", 1), ("id", 2)])
        #expect(text.hasSuffix(#""message":"m","id":1}"# + "\n"))
    }
}
