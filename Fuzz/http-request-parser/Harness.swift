// libFuzzer target: the HTTP/1.1 request parser.
// Properties checked on every input: the parser never crashes or traps; feeding the same bytes in two pieces, split at
// a point chosen by the input, gives exactly the same events and the same error as feeding them at once; every error
// maps to a 4xx/5xx status with a snake_case code.

/// Runs the parser over `pieces` and returns its events and final error.
func parse(_ pieces: [ArraySlice<UInt8>]) -> (events: [HTTPParserEvent], error: HTTPParseError?) {
    var limits = HTTPParserLimits()
    limits.maxBodyBytes = 4096
    limits.maxHeaderBytes = 2048
    limits.maxRequestLineBytes = 512
    var parser = HTTPRequestParser(limits: limits)
    var events: [HTTPParserEvent] = []
    do {
        for piece in pieces {
            parser.append(piece)
            while let event = try parser.next() { events.append(event) }
        }
    } catch {
        precondition((400...599).contains(error.status.code), "error status out of range: \(error)")
        precondition(!error.code.isEmpty && error.code == error.code.lowercased(), "error code not snake_case: \(error)")
        return (events, error)
    }
    return (events, nil)
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    guard let input = SplitFuzzInput(data, size) else { return 0 }
    let whole = parse([input.bytes])
    let halves = parse(input.halves)
    precondition(whole.events == halves.events, "split at \(input.split) changed the events")
    precondition(whole.error == halves.error, "split at \(input.split) changed the error")
    return 0
}
