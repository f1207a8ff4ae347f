/// Incremental UTF-8 validation (RFC 3629 §4, Unicode Table 3-7) for text messages whose code points may straddle
/// fragments (RFC 6455 §8.1).
///
/// A plain value owned by the connection's state machine. Feed each payload as it arrives with `validate(_:)`; it
/// returns false at the first byte that cannot start or continue a well-formed sequence (overlongs, surrogates
/// U+D800-DFFF and code points above U+10FFFF included), so a bad message fails fast. `isAtBoundary` says whether
/// the bytes so far end on a complete code point, which must hold when the message ends.
public struct WebSocketUTF8Validator: Sendable, Equatable {
    /// Continuation bytes still expected for the current code point.
    private var remaining = 0
    /// Allowed range of the next continuation byte (narrower than 0x80-0xBF right after some lead bytes).
    private var lower: UInt8 = 0x80
    private var upper: UInt8 = 0xBF

    public init() {}

    /// Whether the bytes validated so far end on a code point boundary.
    public var isAtBoundary: Bool { remaining == 0 }

    /// Validates `bytes` as the continuation of everything validated before; false on the first invalid byte.
    /// After a false result the validator must not be used again.
    public mutating func validate(_ bytes: some Collection<UInt8>) -> Bool {
        for byte in bytes {
            if remaining == 0 {
                if byte < 0x80 { continue }
                guard start(byte) else { return false }
            } else {
                guard byte >= lower && byte <= upper else { return false }
                remaining -= 1
                lower = 0x80
                upper = 0xBF
            }
        }
        return true
    }

    /// Whether `bytes` alone form complete, valid UTF-8.
    public static func isValid(_ bytes: some Collection<UInt8>) -> Bool {
        var validator = WebSocketUTF8Validator()
        return validator.validate(bytes) && validator.isAtBoundary
    }

    /// Sets up the expectations after lead byte `byte`; false if it cannot lead a sequence.
    private mutating func start(_ byte: UInt8) -> Bool {
        switch byte {
        case 0xC2...0xDF: expect(1, 0x80, 0xBF)
        case 0xE0: expect(2, 0xA0, 0xBF)  // no overlong 3-byte forms
        case 0xE1...0xEC, 0xEE...0xEF: expect(2, 0x80, 0xBF)
        case 0xED: expect(2, 0x80, 0x9F)  // no surrogates
        case 0xF0: expect(3, 0x90, 0xBF)  // no overlong 4-byte forms
        case 0xF1...0xF3: expect(3, 0x80, 0xBF)
        case 0xF4: expect(3, 0x80, 0x8F)  // nothing above U+10FFFF
        default: return false  // continuation bytes, C0/C1 overlongs, F5-FF
        }
        return true
    }

    private mutating func expect(_ count: Int, _ low: UInt8, _ high: UInt8) {
        remaining = count
        lower = low
        upper = high
    }
}
