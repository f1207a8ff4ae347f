/// Encodes RFC 6455 §5.2 frames to wire bytes.
///
/// Stateless; any thread. Server frames go out unmasked (§5.1); a masking key is only passed by client-side code
/// (tests, benchmarks). Each frame is one array, so a write queue never holds a torn frame.
public enum WebSocketFrameEncoder {
    /// The wire bytes of `frame`, masked with `maskingKey` (4 bytes) when given.
    public static func encode(_ frame: WebSocketFrame, maskingKey: [UInt8]? = nil) -> [UInt8] {
        encode(opcode: frame.opcode, payload: frame.payload, isFinal: frame.isFinal, maskingKey: maskingKey)
    }

    /// The wire bytes of one frame carrying `payload`.
    public static func encode(opcode: WebSocketOpcode, payload: some Collection<UInt8>, isFinal: Bool = true,
                              maskingKey: [UInt8]? = nil) -> [UInt8] {
        let length = payload.count
        let maskBit: UInt8 = maskingKey == nil ? 0 : 0x80
        var bytes: [UInt8] = []
        bytes.reserveCapacity(14 + length)
        bytes.append((isFinal ? 0x80 : 0) | opcode.rawValue)
        if length <= 125 {
            bytes.append(maskBit | UInt8(length))
        } else if length <= 0xFFFF {
            bytes.append(maskBit | 126)
            bytes.append(UInt8(length >> 8))
            bytes.append(UInt8(length & 0xFF))
        } else {
            bytes.append(maskBit | 127)
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: length >> shift)) }
        }
        guard let maskingKey, maskingKey.count == 4 else {
            bytes.append(contentsOf: payload)
            return bytes
        }
        bytes.append(contentsOf: maskingKey)
        var masked = Array(payload)
        WebSocketFrameDecoder.applyMask(maskingKey, to: &masked)
        bytes.append(contentsOf: masked)
        return bytes
    }

    /// A close frame body (§5.5.1): the code, then `reason` cut to the 123 bytes that fit, on a code point boundary.
    public static func closePayload(code: WebSocketCloseCode, reason: String) -> [UInt8] {
        var payload: [UInt8] = [UInt8(code.rawValue >> 8), UInt8(code.rawValue & 0xFF)]
        var reasonBytes = Array(reason.utf8)
        if reasonBytes.count > 123 {
            var end = 123
            while end > 0 && reasonBytes[end] & 0xC0 == 0x80 { end -= 1 }
            reasonBytes.removeSubrange(end...)
        }
        payload.append(contentsOf: reasonBytes)
        return payload
    }
}
