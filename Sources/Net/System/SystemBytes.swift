#if canImport(Glibc)
import Glibc
#endif

/// Scans of received bytes at C speed: the HTTP parser's search for a line's LF (`memchr`) and its check of a header
/// value for control bytes (eight bytes a step).
///
/// Exists because a byte-at-a-time Swift loop over an `ArraySlice` costs about five instructions a byte, and every
/// request's head is scanned twice (for the line end, then for forbidden bytes); the 200-byte `Authorization` value
/// alone cost about 2k instructions a request. Stateless; any thread. The ranges are checked (a bad range traps, as a
/// subscript would).
package enum SystemBytes {
    /// The index of the first `byte` in `bytes[range]`, or nil.
    package static func firstIndex(of byte: UInt8, in bytes: [UInt8], _ range: Range<Int>) -> Int? {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range outside the bytes")
        guard !range.isEmpty else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            guard let base = buffer.baseAddress,
                  let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
            return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
        }
    }

    /// Whether `bytes[range]` holds no control byte except HTAB: every byte is SP, HTAB, visible ASCII or
    /// 0x80-0xFF (a header field value's bytes, RFC 9110 §5.5; CR, LF, NUL and DEL are refused).
    package static func isFieldValue(_ bytes: [UInt8], _ range: Range<Int>) -> Bool {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "range outside the bytes")
        return bytes.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return true }
            let raw = UnsafeRawPointer(base)
            var index = range.lowerBound
            // Eight bytes a step: a word with no byte below 0x20 and none equal to 0x7F is all allowed (the
            // "has less than" and "has zero" tests of Bit Twiddling Hacks are exact about whether such a byte exists);
            // a word with one (a tab, or a refused byte) is checked byte by byte.
            let ones: UInt64 = 0x0101_0101_0101_0101
            let highs: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= range.upperBound {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: index, as: UInt64.self))
                let below = (word &- ones &* 0x20) & ~word & highs
                let delete = word ^ (ones &* 0x7F)
                let isDelete = (delete &- ones) & ~delete & highs
                if below | isDelete != 0 {
                    for offset in index..<(index + 8) where !isFieldValueByte(base[offset]) { return false }
                }
                index += 8
            }
            while index < range.upperBound {
                if !isFieldValueByte(base[index]) { return false }
                index += 1
            }
            return true
        }
    }

    /// Whether `byte` may appear in a header field value: SP, HTAB, visible ASCII or 0x80-0xFF.
    @inline(__always)
    package static func isFieldValueByte(_ byte: UInt8) -> Bool {
        (byte >= 0x20 && byte != 0x7F) || byte == 0x09
    }
}
