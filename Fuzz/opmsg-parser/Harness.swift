// libFuzzer target: the OP_MSG parser (framing, flags, sections, CRC-32C, the BSON inside).
// Properties checked on every input: parsing never crashes or traps; a parsed message re-encodes (without a checksum)
// to a frame that parses to the same ids, body and sequences.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    guard let message = try? OpMsg.parse(bytes, maxMessageBytes: 1 << 20) else { return 0 }
    guard let encoded = try? message.encode() else { preconditionFailure("a parsed message failed to encode") }
    guard let again = try? OpMsg.parse(encoded, maxMessageBytes: 1 << 21) else {
        preconditionFailure("a re-encoded message failed to parse")
    }
    precondition(again.body == message.body && again.sequences == message.sequences, "re-encoding changed the sections")
    precondition(again.requestID == message.requestID && again.responseTo == message.responseTo, "re-encoding changed the ids")
    precondition(again.flags == message.flags & ~OpMsg.checksumPresent, "re-encoding changed the flags")
    return 0
}
