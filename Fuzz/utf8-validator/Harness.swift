// libFuzzer target: the incremental UTF-8 validator of text messages (RFC 3629 §4, RFC 6455 §8.1), differentially.
// The first input byte chooses up to three split points; the rest is the text, fed to `WebSocketUTF8Validator` in
// those pieces (as fragments of one message would arrive). Properties checked on every input:
// - the verdict (invalid / incomplete / valid) equals that of `ReferenceUTF8`, a plain decoder written from the
//   definition (compute each scalar value, then refuse overlongs, surrogates and values above U+10FFFF);
// - fail-fast is exact: the validator returns false only when no continuation could make the bytes valid, so a
//   valid message split anywhere never fails, and a truncated one is reported as incomplete, not invalid;
// - the full verdict agrees with the standard library's `String(validating:as:)`.

/// The three possible verdicts on a byte string.
enum Verdict: Equatable {
    case valid
    /// A prefix of some valid UTF-8 that ends inside a code point.
    case incomplete
    case invalid
}

/// A deliberately simple UTF-8 decoder used as the oracle: no tables of byte ranges, just the definition.
enum ReferenceUTF8 {
    /// The verdict on `bytes`.
    static func verdict(_ bytes: [UInt8]) -> Verdict {
        var index = 0
        while index < bytes.count {
            let length = sequenceLength(bytes[index])
            guard length > 0 else { return .invalid }
            if index + length > bytes.count {
                return canComplete(Array(bytes[index...]), length: length) ? .incomplete : .invalid
            }
            guard isValidSequence(Array(bytes[index..<(index + length)])) else { return .invalid }
            index += length
        }
        return .valid
    }

    /// The length a lead byte announces, or 0 when it cannot lead (continuation bytes and F8-FF).
    static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0x00...0x7F: 1
        case 0xC0...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF7: 4
        default: 0
        }
    }

    /// Whether `sequence` (of its announced length) encodes a Unicode scalar value in its shortest form.
    static func isValidSequence(_ sequence: [UInt8]) -> Bool {
        let length = sequence.count
        if length == 1 { return true }
        var value = UInt32(sequence[0]) & (0xFF >> UInt32(length + 1))
        for byte in sequence.dropFirst() {
            guard byte & 0xC0 == 0x80 else { return false }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        let minimum: UInt32 = [0, 0, 0x80, 0x800, 0x10000][length]
        guard value >= minimum else { return false }
        guard !(0xD800...0xDFFF).contains(value) else { return false }
        return value <= 0x10FFFF
    }

    /// Whether the truncated `tail` can be completed to a valid sequence of `length` bytes. Validity depends only on
    /// the lead byte and the first continuation byte, so trying every second byte (when missing) is exhaustive.
    static func canComplete(_ tail: [UInt8], length: Int) -> Bool {
        let seconds: [UInt8] = tail.count >= 2 ? [tail[1]] : Array(0x80...0xBF)
        for second in seconds {
            var sequence = [tail[0], second] + tail.dropFirst(2)
            while sequence.count < length { sequence.append(0x80) }
            if isValidSequence(sequence) { return true }
        }
        return false
    }
}

/// The validator's verdict on `bytes` fed in pieces cut at `cuts`.
func validatorVerdict(_ bytes: [UInt8], cuts: [Int]) -> Verdict {
    var validator = WebSocketUTF8Validator()
    var start = 0
    for cut in cuts + [bytes.count] {
        guard validator.validate(bytes[start..<cut]) else { return .invalid }
        start = cut
    }
    return validator.isAtBoundary ? .valid : .incomplete
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    let input = Array(UnsafeRawBufferPointer(start: data, count: size))
    guard let first = input.first else { return 0 }
    let bytes = Array(input.dropFirst())
    // Up to three cut points derived from the first byte, sorted, within the text.
    let seeds = [Int(first & 0x07), Int((first >> 3) & 0x07), Int(first >> 6)]
    let cuts = bytes.isEmpty ? [] : seeds.map { $0 * 37 % (bytes.count + 1) }.sorted()
    let expected = ReferenceUTF8.verdict(bytes)
    let actual = validatorVerdict(bytes, cuts: cuts)
    precondition(actual == expected, "validator says \(actual), reference says \(expected), cuts \(cuts)")
    let whole = validatorVerdict(bytes, cuts: [])
    precondition(whole == expected, "unsplit validator says \(whole), reference says \(expected)")
    let standard = String(validating: bytes, as: UTF8.self) != nil
    precondition(standard == (expected == .valid), "standard library says valid=\(standard), reference \(expected)")
    precondition(WebSocketUTF8Validator.isValid(bytes) == standard, "isValid disagrees with the standard library")
    return 0
}
