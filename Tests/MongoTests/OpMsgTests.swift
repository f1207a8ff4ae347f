import Testing
@testable import Mongo

/// OP_MSG framing: round trip, and every refusal of the parser.
@Suite struct OpMsgTests {
    static let body: BSONDocument = ["update": .string("players"), "$db": .string("game")]

    @Test func roundTripsBodyAndSequences() throws {
        let message = OpMsg(requestID: 7, body: Self.body, sequences: [
            .init(identifier: "updates", documents: [["q": .int32(1)], ["q": .int32(2)]]),
        ])
        let bytes = try message.encode()
        #expect(bytes.count == Int(try BSONDecoder.readInt32(bytes, at: 0, limit: 4)))
        #expect(try OpMsg.parse(bytes) == message)
    }

    @Test func refusesUnknownRequiredFlagsButIgnoresOptionalOnes() throws {
        var bytes = try OpMsg(requestID: 1, body: Self.body).encode()
        bytes[16] = 0x04
        #expect(throws: WireProtocolError.unknownRequiredFlags(4)) { try OpMsg.parse(bytes) }
        bytes[16] = 0
        bytes[18] = 0x02  // bit 17: optional.
        #expect(try OpMsg.parse(bytes).body == Self.body)
    }

    @Test func refusesUnknownSectionKindAndMissingBody() throws {
        var bytes = try OpMsg(requestID: 1, body: Self.body).encode()
        bytes[20] = 2
        #expect(throws: WireProtocolError.unknownSectionKind(offset: 20, kind: 2)) { try OpMsg.parse(bytes) }
        let onlySequence = try OpMsg(requestID: 1, body: Self.body, sequences: [.init(identifier: "documents", documents: [])]).encode()
        let bodyLength = try BSONEncoder.encode(Self.body).count
        var withoutBody = Array(onlySequence[0..<20]) + Array(onlySequence[(21 + bodyLength)...])
        BSONEncoder.patchInt32(Int32(withoutBody.count), at: 0, in: &withoutBody)
        #expect(throws: WireProtocolError.bodyCount(0)) { try OpMsg.parse(withoutBody) }
    }

    @Test func refusesAFieldInBothBodyAndSequence() throws {
        let body: BSONDocument = ["insert": .string("x"), "documents": .array([]), "$db": .string("game")]
        let bytes = try OpMsg(requestID: 1, body: body, sequences: [.init(identifier: "documents", documents: [])]).encode()
        #expect(throws: WireProtocolError.duplicateIdentifier("documents")) { try OpMsg.parse(bytes) }
    }

    @Test func refusesLengthsOutsideTheLimit() throws {
        let bytes = try OpMsg(requestID: 1, body: Self.body).encode()
        #expect(throws: WireProtocolError.invalidMessageLength(length: bytes.count, limitBytes: 30)) {
            try OpMsg.parse(bytes, maxMessageBytes: 30)
        }
        #expect(throws: WireProtocolError.self) { try OpMsg.parse(Array(bytes.dropLast())) }
        var wrongOpCode = bytes
        wrongOpCode[12] = 0xD4  // 2004 = OP_QUERY
        wrongOpCode[13] = 0x07
        #expect(throws: WireProtocolError.unsupportedOpCode(2004)) { try OpMsg.parse(wrongOpCode) }
    }

    @Test func crc32cMatchesTheKnownCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)[...]) == 0xE306_9283)
    }
}
