/// The 4-bit frame opcode of RFC 6455 §5.2 (§11.8 registry): what a frame carries.
///
/// A plain value. Reserved opcodes (0x3-0x7, 0xB-0xF) have no case: the decoder fails the connection with 1002
/// when it sees one.
public enum WebSocketOpcode: UInt8, Sendable, Hashable {
    case continuation = 0x0
    case text = 0x1
    case binary = 0x2
    case close = 0x8
    case ping = 0x9
    case pong = 0xA

    /// Close, ping and pong (RFC 6455 §5.5): at most 125 payload bytes and never fragmented.
    public var isControl: Bool { rawValue & 0x8 != 0 }
}
