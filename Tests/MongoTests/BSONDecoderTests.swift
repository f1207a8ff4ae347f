import Testing
@testable import Mongo

/// The strict decoder's limits and the encoder's refusals.
@Suite struct BSONDecoderTests {
    @Test func roundTripsEveryType() throws {
        let document: BSONDocument = [
            "d": .double(-2.25), "s": .string("x\u{0}y"), "doc": .document(["a": .null]), "arr": .array([.int32(1), .bool(true)]),
            "bin": .binary(subtype: 2, bytes: [1, 2, 3]), "oid": .objectID(ObjectID(seconds: 1, process: [1, 2, 3, 4, 5], counter: 7)),
            "t": .datetime(-5), "ts": .timestamp(1 << 40), "i": .int64(Int64.max), "dec": .decimal128(Array(repeating: 9, count: 16)),
        ]
        #expect(try BSONDecoder().decode(try BSONEncoder.encode(document)) == document)
    }

    @Test func refusesNestingBeyondTheLimit() throws {
        var value = BSONValue.int32(1)
        for _ in 0..<12 { value = .document(["n": value]) }
        let bytes = try BSONEncoder.encode(["root": value])
        #expect(throws: BSONError.self) { try BSONDecoder(maxDepth: 10).decode(bytes) }
        #expect(try BSONDecoder(maxDepth: 20).decode(bytes)["root"] == value)
    }

    @Test func refusesKeysWithNUL() {
        #expect(throws: BSONError.keyContainsNUL(key: "a\u{0}b")) { try BSONEncoder.encode(["a\u{0}b": .null]) }
    }

    @Test(arguments: [
        ("trailing", [5, 0, 0, 0, 0, 0] as [UInt8]),
        ("array keys out of order", [0x14, 0, 0, 0, 4, 0x61, 0, 0x0C, 0, 0, 0, 0x10, 0x31, 0, 1, 0, 0, 0, 0, 0]),
        ("negative binary length", [0x0E, 0, 0, 0, 5, 0x61, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0]),
        ("string length zero", [0x0E, 0, 0, 0, 2, 0x61, 0, 0, 0, 0, 0, 0, 0, 0]),
        ("empty input", []),
    ])
    func refusesMalformedInput(name: String, bytes: [UInt8]) {
        #expect(throws: BSONError.self, "\(name)") { try BSONDecoder().decode(bytes) }
    }

    @Test func objectIDParsesAndPrintsHex() throws {
        let id = try #require(ObjectID(hex: "65a1b2c3d4e5f60718293a4b"))
        #expect(id.description == "65a1b2c3d4e5f60718293a4b")
        #expect(ObjectID(hex: "65a1b2c3d4e5f60718293a4") == nil)
        #expect(ObjectID(hex: "zza1b2c3d4e5f60718293a4b") == nil)
    }
}
