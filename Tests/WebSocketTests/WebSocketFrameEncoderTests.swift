import Testing
@testable import WebSocket

@Suite struct WebSocketFrameEncoderTests {
    @Test(arguments: WebSocketFrameDecoderTests.rfcExamples.indices)
    func encodesRFCExamplesExactly(index: Int) {
        let example = WebSocketFrameDecoderTests.rfcExamples[index]
        let key: [UInt8]? = example.role == .server ? [0x37, 0xFA, 0x21, 0x3D] : nil
        let encoded = example.frames.flatMap { WebSocketFrameEncoder.encode($0, maskingKey: key) }
        #expect(encoded == example.bytes, "\(example.name)")
    }

    @Test(arguments: [(0, 2), (125, 2), (126, 4), (65_535, 4), (65_536, 10)])
    func usesTheMinimalLengthForm(payloadBytes: Int, headerBytes: Int) throws {
        let encoded = WebSocketFrameEncoder.encode(opcode: .binary, payload: [UInt8](repeating: 0, count: payloadBytes))
        #expect(encoded.count == payloadBytes + headerBytes)
        var decoder = WebSocketFrameDecoder(role: .client, maxFrameBytes: 1 << 20)
        decoder.append(encoded)
        #expect(try decoder.next()?.payload.count == payloadBytes)
    }

    @Test func closePayloadCarriesCodeAndReason() {
        #expect(WebSocketFrameEncoder.closePayload(code: .policyViolation, reason: "slow") == [0x03, 0xF0] + Array("slow".utf8))
    }

    @Test func closeReasonIsCutToFitOnACodePointBoundary() {
        let reason = String(repeating: "é", count: 100)  // 200 bytes of 2-byte code points
        let payload = WebSocketFrameEncoder.closePayload(code: .normalClosure, reason: reason)
        #expect(payload.count <= 125)
        #expect(payload.count == 2 + 122)
        #expect(WebSocketUTF8Validator.isValid(payload[2...]))
    }

    @Test func outboundMessageIsOneUnmaskedFinalFrame() {
        #expect(WebSocketOutboundMessage(text: "Hello").frameBytes == [0x81, 0x05, 0x48, 0x65, 0x6C, 0x6C, 0x6F])
        #expect(WebSocketOutboundMessage(binary: [1, 2]).frameBytes == [0x82, 0x02, 1, 2])
    }
}
