/// Why a wire message could not be framed or parsed (MongoDB wire protocol, OP_MSG); each case carries the facts.
public enum WireProtocolError: Error, Equatable, Sendable {
    /// The header's messageLength is below the smallest OP_MSG or above the negotiated maximum.
    case invalidMessageLength(length: Int, limitBytes: Int)
    /// An opCode other than OP_MSG (2013); OP_COMPRESSED is never negotiated by this client.
    case unsupportedOpCode(Int32)
    /// A required flag bit (0-15) this client does not know is set.
    case unknownRequiredFlags(UInt32)
    /// A section kind other than 0 (body) or 1 (document sequence).
    case unknownSectionKind(offset: Int, kind: UInt8)
    /// Not exactly one body (kind 0) section.
    case bodyCount(Int)
    /// A document sequence's size is impossible.
    case invalidSequenceSize(offset: Int, size: Int)
    /// Two sequences share an identifier, or a sequence repeats a body field.
    case duplicateIdentifier(String)
    /// The CRC-32C at the end does not match the bytes before it.
    case checksumMismatch(expected: UInt32, actual: UInt32)
    /// The message is shorter than its sections need.
    case truncated(offset: Int)
    /// A BSON document inside the message is malformed.
    case bson(BSONError)
    /// The reply answers another request.
    case responseToMismatch(expected: Int32, actual: Int32)
}
