// libFuzzer target: the strict BSON decoder.
// Properties checked on every input: decoding never crashes or traps (a shallow depth limit makes deep nesting an
// error, not a stack overflow); whatever decodes re-encodes to exactly the same bytes, and decodes again to the same
// document.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: data, count: size))
    let decoder = BSONDecoder(maxDepth: 32)
    guard let document = try? decoder.decode(bytes) else { return 0 }
    guard let encoded = try? BSONEncoder.encode(document) else {
        preconditionFailure("a decoded document failed to encode")
    }
    precondition(encoded == bytes, "re-encoding changed the bytes")
    precondition((try? decoder.decode(encoded)) == document, "decoding the re-encoded bytes changed the document")
    return 0
}
