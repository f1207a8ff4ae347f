@testable import Codecs
import Testing

@Suite struct JSONCodingTests {
    struct Order: Codable, Equatable {
        struct Line: Codable, Equatable {
            var sku: String
            var quantity: Int
        }

        var id: String
        var lines: [Line]
        var note: String?
    }

    @Test func encodesWithSortedKeysAndUnescapedSlashes() throws {
        let bytes = try JSONCoding.encode(Order(id: "a/b", lines: [.init(sku: "x", quantity: 2)], note: nil))
        #expect(String(decoding: bytes, as: UTF8.self) == #"{"id":"a/b","lines":[{"quantity":2,"sku":"x"}]}"#)
    }

    @Test func decodesValidBodies() throws {
        let order = try JSONCoding.decode(Order.self, from: #"{"id":"o1","lines":[{"sku":"s","quantity":1}]}"#.bytes)
        #expect(order == Order(id: "o1", lines: [.init(sku: "s", quantity: 1)], note: nil))
    }

    static let failures: [(body: String, error: JSONDecodingError)] = [
        (#"{"lines":[]}"#, .missingField(path: "id")),
        (#"{"id":"o","lines":[{"sku":"s"}]}"#, .missingField(path: "lines[0].quantity")),
        (#"{"id":"o","lines":[{"sku":"s","quantity":"1"}]}"#, .typeMismatch(path: "lines[0].quantity", expectedType: "Int")),
        (#"{"id":null,"lines":[]}"#, .nullValue(path: "id")),
    ]

    @Test(arguments: failures)
    func reportsWhereDecodingFailed(_ testCase: (body: String, error: JSONDecodingError)) {
        #expect(throws: testCase.error) { try JSONCoding.decode(Order.self, from: testCase.body.bytes) }
    }

    @Test(arguments: ["", "{", "not json", #"{"id":"o" "lines":[]}"#])
    func reportsSyntaxErrors(_ body: String) {
        do {
            _ = try JSONCoding.decode(Order.self, from: body.bytes)
            Issue.record("expected a syntax error")
        } catch {
            guard case .syntax = error else {
                Issue.record("expected .syntax, got \(error)")
                return
            }
            #expect(error.message == "The body is not valid JSON.")
        }
    }

    /// A type whose decoder rejects a value of the right JSON type.
    struct Positive: Decodable {
        enum CodingKeys: String, CodingKey { case value }
        var value: Int

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            value = try container.decode(Int.self, forKey: .value)
            guard value > 0 else {
                throw DecodingError.dataCorruptedError(forKey: .value, in: container, debugDescription: "must be positive")
            }
        }
    }

    @Test func reportsInvalidValuesWithTheirPath() {
        #expect(throws: JSONDecodingError.invalidValue(path: "value", detail: "must be positive")) {
            try JSONCoding.decode(Positive.self, from: #"{"value":-1}"#.bytes)
        }
    }
}

extension String {
    /// The string's UTF-8 bytes, as a request body.
    fileprivate var bytes: [UInt8] { Array(utf8) }
}
