import Testing
@testable import WebSocket

@Suite struct WebSocketFrameDecoderTests {
    /// RFC 6455 §5.7 examples: wire bytes, the decoding role, and the frames they hold.
    static let rfcExamples: [(name: String, bytes: [UInt8], role: WebSocketFrameDecoder.Role, frames: [WebSocketFrame])] = [
        ("single-frame unmasked text", [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], .client,
         [WebSocketFrame(opcode: .text, payload: Array("Hello".utf8))]),
        ("single-frame masked text", [0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58], .server,
         [WebSocketFrame(opcode: .text, payload: Array("Hello".utf8))]),
        ("fragmented unmasked text", [0x01, 0x03, 0x48, 0x65, 0x6C, 0x80, 0x02, 0x6C, 0x6F], .client,
         [WebSocketFrame(isFinal: false, opcode: .text, payload: Array("Hel".utf8)),
          WebSocketFrame(opcode: .continuation, payload: Array("lo".utf8))]),
        ("unmasked ping", [0x89, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], .client,
         [WebSocketFrame(opcode: .ping, payload: Array("Hello".utf8))]),
        ("masked pong", [0x8A, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58], .server,
         [WebSocketFrame(opcode: .pong, payload: Array("Hello".utf8))]),
        ("256 bytes binary, 16-bit length", [0x82, 0x7E, 0x01, 0x00] + pattern(256), .client,
         [WebSocketFrame(opcode: .binary, payload: pattern(256))]),
        ("64 KiB binary, 64-bit length", [0x82, 0x7F, 0, 0, 0, 0, 0, 0x01, 0x00, 0x00] + pattern(65_536), .client,
         [WebSocketFrame(opcode: .binary, payload: pattern(65_536))]),
    ]

    static func pattern(_ count: Int) -> [UInt8] { (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 7) } }

    static func decodeAll(_ bytes: [UInt8], role: WebSocketFrameDecoder.Role, splitAt splits: [Int]) throws -> [WebSocketFrame] {
        var decoder = WebSocketFrameDecoder(role: role, maxFrameBytes: 1 << 20)
        var frames: [WebSocketFrame] = []
        var start = 0
        for end in splits + [bytes.count] where end >= start {
            decoder.append(bytes[start..<end])
            start = end
            while let frame = try decoder.next() { frames.append(frame) }
        }
        return frames
    }

    @Test(arguments: rfcExamples.indices)
    func rfcExampleInOnePiece(index: Int) throws {
        let example = Self.rfcExamples[index]
        #expect(try Self.decodeAll(example.bytes, role: example.role, splitAt: []) == example.frames, "\(example.name)")
    }

    @Test(arguments: rfcExamples.indices)
    func rfcExampleSplitAtEveryByte(index: Int) throws {
        let example = Self.rfcExamples[index]
        let limit = min(example.bytes.count, 40)
        for split in 0...limit {
            #expect(try Self.decodeAll(example.bytes, role: example.role, splitAt: [split]) == example.frames,
                    "\(example.name) split at \(split)")
        }
        #expect(try Self.decodeAll(example.bytes, role: example.role, splitAt: Array(0..<limit)) == example.frames)
    }

    /// Header bytes (masked, server role) that break one rule of §5.2/§5.5, and the error they raise.
    static let violations: [(bytes: [UInt8], error: WebSocketProtocolError, code: UInt16)] = [
        ([0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F], .unmaskedClientFrame, 1002),
        ([0xC1, 0x80, 0, 0, 0, 0], .reservedBitsSet(bits: 4), 1002),
        ([0xA1, 0x80, 0, 0, 0, 0], .reservedBitsSet(bits: 2), 1002),
        ([0x91, 0x80, 0, 0, 0, 0], .reservedBitsSet(bits: 1), 1002),
        ([0x83, 0x80, 0, 0, 0, 0], .reservedOpcode(3), 1002),
        ([0x87, 0x80, 0, 0, 0, 0], .reservedOpcode(7), 1002),
        ([0x8B, 0x80, 0, 0, 0, 0], .reservedOpcode(0xB), 1002),
        ([0x8F, 0x80, 0, 0, 0, 0], .reservedOpcode(0xF), 1002),
        ([0x89, 0xFE, 0x00, 0x7E], .controlFrameTooLong(opcode: .ping, lengthBytes: 126), 1002),
        ([0x09, 0x80, 0, 0, 0, 0], .fragmentedControlFrame(opcode: .ping), 1002),
        ([0x08, 0x80, 0, 0, 0, 0], .fragmentedControlFrame(opcode: .close), 1002),
        ([0x82, 0xFE, 0x00, 0x7D], .nonMinimalLength(lengthBytes: 125), 1002),
        ([0x82, 0xFF, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF], .nonMinimalLength(lengthBytes: 65_535), 1002),
        ([0x82, 0xFF, 0x80, 0, 0, 0, 0, 0, 0, 1], .lengthOverflow, 1002),
        ([0x82, 0xFF, 0, 0, 0, 0, 0, 0x20, 0, 0], .frameTooLarge(limitBytes: 1 << 20, lengthBytes: 1 << 21), 1009),
    ]

    @Test(arguments: violations.indices)
    func ruleViolationFailsWithItsCode(index: Int) {
        let violation = Self.violations[index]
        var decoder = WebSocketFrameDecoder(role: .server, maxFrameBytes: 1 << 20)
        decoder.append(violation.bytes)
        #expect(throws: violation.error) { try decoder.next() }
        #expect(violation.error.closeCode.rawValue == violation.code)
        // Poisoned: the same error again, whatever arrives next.
        decoder.append([0x81, 0x80, 0, 0, 0, 0])
        #expect(throws: violation.error) { try decoder.next() }
    }

    @Test func clientRoleRejectsMaskedFrames() {
        var decoder = WebSocketFrameDecoder(role: .client, maxFrameBytes: 1 << 20)
        decoder.append([0x81, 0x85, 0x37, 0xFA, 0x21, 0x3D, 0x7F, 0x9F, 0x4D, 0x51, 0x58])
        #expect(throws: WebSocketProtocolError.maskedServerFrame) { try decoder.next() }
    }

    @Test func oversizedFrameIsRejectedFromItsHeaderAlone() {
        var decoder = WebSocketFrameDecoder(role: .server, maxFrameBytes: 1_000)
        decoder.append([0x82, 0xFE, 0x03, 0xE9])  // 1,001 bytes announced; no payload sent yet
        #expect(throws: WebSocketProtocolError.frameTooLarge(limitBytes: 1_000, lengthBytes: 1_001)) { try decoder.next() }
    }

    @Test func frameAtTheLimitIsAccepted() throws {
        var decoder = WebSocketFrameDecoder(role: .client, maxFrameBytes: 1_000)
        decoder.append([0x82, 0x7E, 0x03, 0xE8] + [UInt8](repeating: 1, count: 1_000))
        #expect(try decoder.next()?.payload.count == 1_000)
        #expect(decoder.bufferedBytes == 0)
    }

    @Test func manyFramesInOneReadComeOutInOrder() throws {
        var bytes: [UInt8] = []
        for index in 0..<100 {
            bytes += WebSocketFrameEncoder.encode(opcode: .text, payload: Array("m\(index)".utf8), maskingKey: [1, 2, 3, 4])
        }
        let frames = try Self.decodeAll(bytes, role: .server, splitAt: [])
        #expect(frames.map { String(decoding: $0.payload, as: UTF8.self) } == (0..<100).map { "m\($0)" })
    }
}
