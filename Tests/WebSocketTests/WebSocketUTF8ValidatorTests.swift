import Testing
import WebSocket

@Suite struct WebSocketUTF8ValidatorTests {
    static let valid: [[UInt8]] = [
        [],
        Array("Hello-µ@ßöäüàá-UTF-8!!".utf8),
        Array("κόσμε".utf8),
        [0x7F], [0xC2, 0x80], [0xDF, 0xBF],
        [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80], [0xEF, 0xBF, 0xBF],
        [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],
        Array("🌍 worldgame 🏰".utf8),
    ]

    static let invalid: [[UInt8]] = [
        [0x80],  // lone continuation
        [0xBF],
        [0xC0, 0x80],  // overlong NUL
        [0xC1, 0xBF],  // overlong
        [0xE0, 0x80, 0x80],  // overlong 3-byte
        [0xE0, 0x9F, 0xBF],
        [0xF0, 0x80, 0x80, 0x80],  // overlong 4-byte
        [0xF0, 0x8F, 0xBF, 0xBF],
        [0xED, 0xA0, 0x80],  // U+D800 surrogate
        [0xED, 0xBF, 0xBF],  // U+DFFF surrogate
        [0xF4, 0x90, 0x80, 0x80],  // U+110000
        [0xF5, 0x80, 0x80, 0x80],
        [0xFE], [0xFF],
        [0xC2],  // truncated
        [0xE1, 0x80],
        [0xF1, 0x80, 0x80],
        [0xC2, 0x41],  // continuation missing
        Array("κόσμε".utf8) + [0xED, 0xA0, 0x80] + Array("edited".utf8),
    ]

    @Test(arguments: valid)
    func acceptsValidText(bytes: [UInt8]) {
        #expect(WebSocketUTF8Validator.isValid(bytes))
    }

    @Test(arguments: invalid)
    func rejectsInvalidText(bytes: [UInt8]) {
        #expect(!WebSocketUTF8Validator.isValid(bytes))
    }

    /// Whatever byte a message is split at (as fragments are), the verdict is the same as for the whole.
    @Test(arguments: valid + invalid)
    func verdictDoesNotDependOnTheSplit(bytes: [UInt8]) {
        let expected = WebSocketUTF8Validator.isValid(bytes)
        for split in 0...bytes.count {
            var validator = WebSocketUTF8Validator()
            let verdict = validator.validate(bytes[..<split]) && validator.validate(bytes[split...]) && validator.isAtBoundary
            #expect(verdict == expected, "split at \(split)")
        }
    }

    @Test func failsFastOnTheFirstBadByte() {
        var validator = WebSocketUTF8Validator()
        let prefixIsValid = validator.validate(Array("κόσμε".utf8))
        let badIsValid = validator.validate([0xF4, 0x90])  // U+110000 is known bad at its second byte
        #expect(prefixIsValid)
        #expect(!badIsValid)
    }

    @Test func reportsWhetherACodePointIsOpen() {
        var validator = WebSocketUTF8Validator()
        let firstHalf = validator.validate([0xF0, 0x9F])
        #expect(firstHalf)
        #expect(!validator.isAtBoundary)
        let secondHalf = validator.validate([0x8C, 0x8D])
        #expect(secondHalf)
        #expect(validator.isAtBoundary)
    }
}
