/// A data message encoded once as a complete server frame, ready to be queued on any number of connections.
///
/// Server frames are unmasked (RFC 6455 §5.1), so the bytes are identical for every recipient: a fan-out encodes an
/// event once and every connection's write queue shares the same array. Immutable; any thread.
public struct WebSocketOutboundMessage: Sendable, Equatable {
    /// The frame's wire bytes (header and payload).
    public let frameBytes: [UInt8]

    /// A text message (one final frame).
    public init(text: String) {
        frameBytes = WebSocketFrameEncoder.encode(opcode: .text, payload: Array(text.utf8))
    }

    /// A text message (one final frame) whose payload, valid UTF-8, is already bytes (no `String` in between).
    public init(textPayload: [UInt8]) {
        frameBytes = WebSocketFrameEncoder.encode(opcode: .text, payload: textPayload)
    }

    /// A binary message (one final frame).
    public init(binary: [UInt8]) {
        frameBytes = WebSocketFrameEncoder.encode(opcode: .binary, payload: binary)
    }
}
