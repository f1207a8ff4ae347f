/// Every way a peer can break RFC 6455 after the handshake; each case maps to the close code the connection is
/// failed with (§7.4.1) and carries the facts needed to understand it.
///
/// Thrown by `WebSocketFrameDecoder` (typed throws) and produced by `WebSocketConnectionStateMachine` on the
/// connection's loop. A plain value.
public enum WebSocketProtocolError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A client frame without the MASK bit (§5.1: the server must fail the connection).
    case unmaskedClientFrame
    /// A server frame with the MASK bit, seen by a client-side decoder (§5.1).
    case maskedServerFrame
    /// RSV1-3 set although no extension was negotiated (§5.2); `bits` is the high nibble of byte 0 without FIN.
    case reservedBitsSet(bits: UInt8)
    /// Opcode 0x3-0x7 or 0xB-0xF (§5.2).
    case reservedOpcode(UInt8)
    /// A close, ping or pong with more than 125 payload bytes (§5.5).
    case controlFrameTooLong(opcode: WebSocketOpcode, lengthBytes: Int)
    /// A close, ping or pong with FIN clear (§5.5: control frames are never fragmented).
    case fragmentedControlFrame(opcode: WebSocketOpcode)
    /// A 16- or 64-bit length that would have fit a shorter form (§5.2: the minimal encoding must be used).
    case nonMinimalLength(lengthBytes: UInt64)
    /// A 64-bit length with its most significant bit set (§5.2).
    case lengthOverflow
    /// A continuation frame with no message in progress (§5.4).
    case unexpectedContinuation
    /// A new text or binary frame while a fragmented message is still in progress (§5.4).
    case expectedContinuation(opcode: WebSocketOpcode)
    /// A close frame with a 1-byte payload (§5.5.1: the body, if any, starts with a 2-byte code).
    case truncatedCloseCode
    /// A close code a peer may not send (§7.4: 0-999, 1004-1006, 1015-2999, 5000+).
    case invalidCloseCode(UInt16)
    /// A close reason that is not valid UTF-8 (§5.5.1).
    case invalidCloseReason
    /// A text message that is not valid UTF-8 (§8.1); `offsetBytes` is where in the message it was detected.
    case invalidUTF8(offsetBytes: Int)
    /// A frame longer than the configured limit (checked from its header, before buffering it).
    case frameTooLarge(limitBytes: Int, lengthBytes: UInt64)
    /// A message whose fragments add up to more than the configured limit.
    case messageTooLarge(limitBytes: Int, lengthBytes: Int)

    /// The code the connection is closed with.
    public var closeCode: WebSocketCloseCode {
        switch self {
        case .invalidUTF8: .invalidPayload
        case .frameTooLarge, .messageTooLarge: .messageTooBig
        default: .protocolError
        }
    }

    /// A short reason for the close frame (at most 123 bytes of UTF-8, §5.5.1).
    public var closeReason: String {
        switch self {
        case .unmaskedClientFrame: "client frames must be masked"
        case .maskedServerFrame: "server frames must not be masked"
        case .reservedBitsSet: "reserved bits set without a negotiated extension"
        case .reservedOpcode(let opcode): "reserved opcode \(opcode)"
        case .controlFrameTooLong: "control frame payload over 125 bytes"
        case .fragmentedControlFrame: "fragmented control frame"
        case .nonMinimalLength: "payload length not minimally encoded"
        case .lengthOverflow: "64-bit payload length with the high bit set"
        case .unexpectedContinuation: "continuation frame without a message in progress"
        case .expectedContinuation: "new data frame inside a fragmented message"
        case .truncatedCloseCode: "close payload of 1 byte"
        case .invalidCloseCode(let code): "invalid close code \(code)"
        case .invalidCloseReason: "close reason is not valid UTF-8"
        case .invalidUTF8: "text message is not valid UTF-8"
        case .frameTooLarge(let limit, _): "frame larger than \(limit) bytes"
        case .messageTooLarge(let limit, _): "message larger than \(limit) bytes"
        }
    }

    public var description: String { "\(closeCode.rawValue): \(closeReason)" }
}
