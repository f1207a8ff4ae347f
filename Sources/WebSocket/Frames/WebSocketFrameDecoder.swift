/// Incremental decoder of RFC 6455 §5.2 frames: feed bytes as they arrive, pull complete frames with `next()`.
///
/// One per connection, owned by the connection's event loop; a pure value with no I/O. Any split of the byte stream
/// yields the same frames. It enforces the per-frame rules (masking direction, RSV bits without extensions, reserved
/// opcodes, control frame size and FIN, minimal and 63-bit lengths) and the frame size limit from the header alone,
/// before buffering the payload. Rules that span frames (fragmentation, UTF-8, message size, close payloads) belong
/// to `WebSocketConnectionStateMachine`. After an error the decoder is poisoned: `next()` keeps throwing it.
public struct WebSocketFrameDecoder: Sendable {
    /// Which side of the connection decodes: a server requires masked frames, a client forbids them (§5.1).
    public enum Role: Sendable {
        case server
        case client
    }

    /// Above this many consumed bytes the buffer is compacted even if unread bytes remain.
    static let compactThresholdBytes = 65_536

    public let role: Role
    /// Largest payload accepted in one frame; larger frames fail with 1009 as soon as their header arrives.
    public let maxFrameBytes: Int
    private var buffer: [UInt8] = []
    private var readIndex = 0
    private var failure: WebSocketProtocolError?

    public init(role: Role, maxFrameBytes: Int) {
        self.role = role
        self.maxFrameBytes = maxFrameBytes
    }

    /// Bytes received and not yet returned as frames.
    public var bufferedBytes: Int { buffer.count - readIndex }

    /// Buffers `bytes` for the next calls to `next()`; dropped once the decoder has failed.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        guard failure == nil else { return }
        compact()
        buffer.append(contentsOf: bytes)
    }

    /// The next complete frame (payload unmasked), or nil when more bytes are needed.
    /// - Throws: `WebSocketProtocolError` for a frame that breaks §5; the same error on every later call.
    public mutating func next() throws(WebSocketProtocolError) -> WebSocketFrame? {
        if let failure { throw failure }
        do {
            return try decodeFrame()
        } catch {
            failure = error
            buffer = []
            readIndex = 0
            throw error
        }
    }

    /// The header fields needed to find and check the payload.
    private struct Header {
        var isFinal: Bool
        var opcode: WebSocketOpcode
        var isMasked: Bool
        var payloadLength: Int
        var headerLength: Int
    }

    private mutating func decodeFrame() throws(WebSocketProtocolError) -> WebSocketFrame? {
        guard let header = try decodeHeader() else { return nil }
        let maskLength = header.isMasked ? 4 : 0
        let total = header.headerLength + maskLength + header.payloadLength
        guard bufferedBytes >= total else { return nil }
        let payloadStart = readIndex + header.headerLength + maskLength
        var payload = Array(buffer[payloadStart..<(payloadStart + header.payloadLength)])
        if header.isMasked {
            let keyStart = readIndex + header.headerLength
            Self.applyMask(buffer[keyStart..<(keyStart + 4)], to: &payload)
        }
        readIndex += total
        return WebSocketFrame(isFinal: header.isFinal, opcode: header.opcode, payload: payload)
    }

    /// Parses and checks the fixed and extended header; nil when it has not fully arrived.
    private func decodeHeader() throws(WebSocketProtocolError) -> Header? {
        guard bufferedBytes >= 2 else { return nil }
        let first = buffer[readIndex]
        let second = buffer[readIndex + 1]
        let reservedBits = first & 0x70
        guard reservedBits == 0 else { throw .reservedBitsSet(bits: reservedBits >> 4) }
        guard let opcode = WebSocketOpcode(rawValue: first & 0x0F) else { throw .reservedOpcode(first & 0x0F) }
        let isFinal = first & 0x80 != 0
        let isMasked = second & 0x80 != 0
        if opcode.isControl && !isFinal { throw .fragmentedControlFrame(opcode: opcode) }
        switch role {
        case .server where !isMasked: throw .unmaskedClientFrame
        case .client where isMasked: throw .maskedServerFrame
        default: break
        }
        let shortLength = second & 0x7F
        var length = UInt64(shortLength)
        var headerLength = 2
        if shortLength == 126 {
            guard bufferedBytes >= 4 else { return nil }
            length = UInt64(buffer[readIndex + 2]) << 8 | UInt64(buffer[readIndex + 3])
            guard length >= 126 else { throw .nonMinimalLength(lengthBytes: length) }
            headerLength = 4
        } else if shortLength == 127 {
            guard bufferedBytes >= 10 else { return nil }
            length = buffer[(readIndex + 2)..<(readIndex + 10)].reduce(0) { $0 << 8 | UInt64($1) }
            guard length & (1 << 63) == 0 else { throw .lengthOverflow }
            guard length > 0xFFFF else { throw .nonMinimalLength(lengthBytes: length) }
            headerLength = 10
        }
        if opcode.isControl && length > 125 { throw .controlFrameTooLong(opcode: opcode, lengthBytes: Int(length)) }
        guard length <= UInt64(maxFrameBytes) else { throw .frameTooLarge(limitBytes: maxFrameBytes, lengthBytes: length) }
        return Header(isFinal: isFinal, opcode: opcode, isMasked: isMasked, payloadLength: Int(length),
                      headerLength: headerLength)
    }

    /// XORs `payload` with the 4-byte `key`, repeating (§5.3). Masking and unmasking are the same operation.
    static func applyMask(_ key: some Collection<UInt8>, to payload: inout [UInt8]) {
        let key = Array(key)
        guard key.count == 4 else { return }
        let key0 = key[0], key1 = key[1], key2 = key[2], key3 = key[3]
        var index = 0
        let count = payload.count
        while index + 4 <= count {
            payload[index] ^= key0
            payload[index + 1] ^= key1
            payload[index + 2] ^= key2
            payload[index + 3] ^= key3
            index += 4
        }
        while index < count {
            payload[index] ^= key[index & 3]
            index += 1
        }
    }

    /// Drops consumed bytes when that is cheap relative to what remains.
    private mutating func compact() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            if buffer.capacity > 4 * Self.compactThresholdBytes {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
            readIndex = 0
        } else if readIndex >= Self.compactThresholdBytes, readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
            readIndex = 0
        }
    }
}
