@testable import Net
import Testing

/// `SystemBytes`: the C-speed scans give exactly the answers of the byte-by-byte loops they replace, at every offset
/// and length (the word-at-a-time check has a byte loop for its tail and for words that hold a tab).
@Suite struct SystemBytesTests {
    /// The predicate the parser used before: SP, HTAB, visible ASCII and 0x80-0xFF.
    static func plainIsFieldValue(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 }
    }

    @Test(arguments: Array(0...255))
    func everyByteValueAtEveryPositionOfEveryLength(value: Int) {
        let byte = UInt8(value)
        for length in 1...19 {
            for position in 0..<length {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: length + 3)
                bytes[position + 1] = byte
                let range = 1..<(length + 1)
                #expect(SystemBytes.isFieldValue(bytes, range) == Self.plainIsFieldValue(bytes[range]),
                        "byte \(value) at \(position) of \(length)")
                #expect(SystemBytes.firstIndex(of: byte, in: bytes, range) == bytes[range].firstIndex(of: byte))
            }
        }
    }

    @Test func refusedBytesOutsideTheRangeAreNotLookedAt() {
        let bytes: [UInt8] = [0x0A, 0x00] + Array(repeating: UInt8(ascii: "x"), count: 20) + [0x0D, 0x7F]
        #expect(SystemBytes.isFieldValue(bytes, 2..<22))
        #expect(!SystemBytes.isFieldValue(bytes, 1..<22))
        #expect(!SystemBytes.isFieldValue(bytes, 2..<23))
        #expect(SystemBytes.firstIndex(of: 0x0A, in: bytes, 1..<24) == nil)
        #expect(SystemBytes.firstIndex(of: 0x0A, in: bytes, 0..<24) == 0)
    }

    @Test func emptyRangesAndEmptyArrays() {
        #expect(SystemBytes.isFieldValue([], 0..<0))
        #expect(SystemBytes.firstIndex(of: 0x0A, in: [], 0..<0) == nil)
        #expect(SystemBytes.isFieldValue([0x00], 1..<1))
        #expect(SystemBytes.firstIndex(of: 0x00, in: [0x00], 1..<1) == nil)
    }

    @Test func tabsAndObsTextInLongValuesAreAllowed() {
        var bytes = Array("Bearer eyJhbGciOiJIUzI1NiJ9.\t.x".utf8) + [0x80, 0xFF, 0xC3, 0xA9] + Array(" end\t".utf8)
        #expect(SystemBytes.isFieldValue(bytes, 0..<bytes.count))
        bytes.append(0x7F)
        #expect(!SystemBytes.isFieldValue(bytes, 0..<bytes.count))
        #expect(SystemBytes.isFieldValue(bytes, 0..<(bytes.count - 1)))
    }

    @Test func randomBuffersAgreeWithTheByteLoops() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let length = Int.random(in: 0...80, using: &generator)
            // Mostly printable bytes with a rare control byte, tab or DEL, so both answers come up often.
            let bytes = (0..<length).map { _ -> UInt8 in
                switch Int.random(in: 0..<100, using: &generator) {
                case 0: UInt8.random(in: 0...0x1F, using: &generator)
                case 1: 0x7F
                case 2: 0x09
                case 3: 0x0A
                default: UInt8.random(in: 0x20...0xFF, using: &generator)
                }
            }
            let start = length == 0 ? 0 : Int.random(in: 0...length, using: &generator)
            let end = Int.random(in: start...length, using: &generator)
            #expect(SystemBytes.isFieldValue(bytes, start..<end) == Self.plainIsFieldValue(bytes[start..<end]))
            #expect(SystemBytes.firstIndex(of: 0x0A, in: bytes, start..<end) == bytes[start..<end].firstIndex(of: 0x0A))
        }
    }
}
