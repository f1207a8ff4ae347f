/// One WebSocket frame (RFC 6455 §5.2) with its payload already unmasked.
///
/// A plain value built by `WebSocketFrameDecoder` on the connection's loop and by `WebSocketFrameEncoder` callers.
/// The RSV bits are kept only so the decoder can reject them: this server negotiates no extension (§5.2).
public struct WebSocketFrame: Sendable, Equatable {
    /// FIN: this is the last frame of its message.
    public var isFinal: Bool
    public var opcode: WebSocketOpcode
    /// The payload, unmasked.
    public var payload: [UInt8]

    public init(isFinal: Bool = true, opcode: WebSocketOpcode, payload: [UInt8] = []) {
        self.isFinal = isFinal
        self.opcode = opcode
        self.payload = payload
    }
}
