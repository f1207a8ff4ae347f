/// Why BSON bytes could not be decoded or a document could not be encoded; each case names the offset or key.
public enum BSONError: Error, Equatable, Sendable {
    /// The input ended before `needed` more bytes at `offset`.
    case truncated(offset: Int, needed: Int)
    /// A document's length prefix is impossible (below 5, or beyond the bytes available).
    case invalidDocumentLength(offset: Int, length: Int)
    /// A document did not end with its 0x00 terminator exactly at its declared length.
    case missingTerminator(offset: Int)
    /// An element type byte this decoder does not know (deprecated types included).
    case unknownType(offset: Int, type: UInt8)
    /// A string or key is not valid UTF-8.
    case invalidUTF8(offset: Int)
    /// A string's length prefix is impossible or its last byte is not 0x00.
    case invalidStringLength(offset: Int, length: Int)
    /// A binary value's length is negative or beyond the document.
    case invalidBinaryLength(offset: Int, length: Int)
    /// A bool byte other than 0 or 1.
    case invalidBool(offset: Int, byte: UInt8)
    /// Documents nested deeper than the decoder's limit.
    case nestingTooDeep(offset: Int, limit: Int)
    /// Bytes left over after the top-level document.
    case trailingBytes(offset: Int, count: Int)
    /// An array's keys are not "0", "1", ... in order.
    case invalidArrayKey(offset: Int, key: String)
    /// A key to encode contains a NUL byte (keys are C strings).
    case keyContainsNUL(key: String)
    /// An encoded document would exceed `limitBytes`.
    case documentTooLarge(limitBytes: Int, actualBytes: Int)
}
