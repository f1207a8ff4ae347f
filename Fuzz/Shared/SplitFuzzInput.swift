// Shared by the harnesses that list it in their `sources` (not a target itself: it has no `sources` file).

/// One libFuzzer input read as a split point and the bytes to parse: the first byte picks where `bytes` is cut in
/// two, so a harness can check that feeding `halves` one after the other gives what feeding `bytes` at once gives.
struct SplitFuzzInput {
    /// The input after its first byte.
    let bytes: ArraySlice<UInt8>
    /// Where `halves` cuts `bytes`: from its start to its end, chosen by the first byte.
    let split: Int

    /// nil for an empty input.
    init?(_ data: UnsafeRawPointer, _ size: Int) {
        let all = Array(UnsafeRawBufferPointer(start: data, count: size))
        guard let first = all.first else { return nil }
        bytes = all.dropFirst()
        split = bytes.isEmpty ? bytes.startIndex : bytes.startIndex + Int(first) % (bytes.count + 1)
    }

    /// `bytes` in two pieces, cut at `split`.
    var halves: [ArraySlice<UInt8>] { [bytes[..<split], bytes[split...]] }
}
