/// Hexadecimal text: the one codec for digests, ids, checksums, `\u00XX` JSON escapes and `%XX` percent-encoding.
///
/// It exists so that every layer (logs, HTTP, Mongo, the OCI client, the API) writes and reads hex the same way; lower
/// case is the default, upper case is what RFC 3986 recommends for percent-encoding. Stateless; any thread.
public enum Hex {
    /// Which letters stand for the digits 10 to 15.
    public enum LetterCase: Sendable {
        /// `a` to `f` (digests, ids, JSON escapes).
        case lower
        /// `A` to `F` (percent-encoding, RFC 3986 §2.1).
        case upper
    }

    private static let lowerDigits: [UInt8] = Array("0123456789abcdef".utf8)
    private static let upperDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// `bytes` as hex, two characters per byte.
    public static func encode(_ bytes: some Sequence<UInt8>, case letterCase: LetterCase = .lower) -> String {
        var characters: [UInt8] = []
        characters.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes { append(byte, to: &characters, case: letterCase) }
        return String(decoding: characters, as: UTF8.self)
    }

    /// The 16 lowercase hex digits of `value`, most significant first (request, span and trace ids).
    /// Not generic, so it compiles to a loop over one array: the `Sequence` version above costs about 8,000
    /// instructions for 8 bytes called from another module.
    public static func lowercase(_ value: UInt64) -> String {
        var characters = [UInt8](repeating: 0, count: 16)
        write(value, into: &characters, at: 0)
        return String(decoding: characters, as: UTF8.self)
    }

    /// The 32 lowercase hex digits of `high` then `low` (a 128-bit id such as a W3C trace id).
    public static func lowercase(_ high: UInt64, _ low: UInt64) -> String {
        var characters = [UInt8](repeating: 0, count: 32)
        write(high, into: &characters, at: 0)
        write(low, into: &characters, at: 16)
        return String(decoding: characters, as: UTF8.self)
    }

    /// Writes the 16 lowercase hex digits of `value` over `characters[offset..<offset + 16]`.
    public static func write(_ value: UInt64, into characters: inout [UInt8], at offset: Int) {
        for index in 0..<16 {
            let nibble = UInt8(truncatingIfNeeded: value >> UInt64(60 - 4 * index)) & 0x0F
            characters[offset + index] = nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") - 10 + nibble
        }
    }

    /// Appends the two hex digits of `byte` (high nibble first) to `output`.
    @inline(__always)
    public static func append(_ byte: UInt8, to output: inout [UInt8], case letterCase: LetterCase = .lower) {
        output.append(digit(byte >> 4, case: letterCase))
        output.append(digit(byte & 0x0F, case: letterCase))
    }

    /// The ASCII digit for `nibble` (0...15; higher bits are ignored).
    @inline(__always)
    public static func digit(_ nibble: UInt8, case letterCase: LetterCase = .lower) -> UInt8 {
        switch letterCase {
        case .lower: lowerDigits[Int(nibble & 0x0F)]
        case .upper: upperDigits[Int(nibble & 0x0F)]
        }
    }

    /// The value of one hex digit of either case, or nil for any other byte.
    @inline(__always)
    public static func value(ofDigit digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): digit - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The bytes that `text` spells in hex (either case), or nil when it has an odd length or a non-hex character.
    public static func decode(_ text: String) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count.isMultiple(of: 2) else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let high = value(ofDigit: digits[index]), let low = value(ofDigit: digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }
}
