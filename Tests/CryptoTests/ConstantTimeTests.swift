import Crypto
import Testing

@Suite struct ConstantTimeTests {
    @Test(arguments: [
        ([UInt8](), [UInt8](), true),
        ([1, 2, 3], [1, 2, 3], true),
        ([1, 2, 3], [1, 2, 4], false),
        ([0, 2, 3], [1, 2, 3], false),
        ([1, 2, 3], [1, 2], false),
        ([1, 2], [1, 2, 3], false),
        ([], [0], false),
    ] as [([UInt8], [UInt8], Bool)])
    func comparesContentAndLength(a: [UInt8], b: [UInt8], expected: Bool) {
        #expect(ConstantTime.equals(a, b) == expected)
        #expect(ConstantTime.equals(b, a) == expected)
    }

    @Test func acceptsAnyCollection() {
        let bytes: [UInt8] = [9, 8, 7, 6]
        #expect(ConstantTime.equals(bytes[1...], [8, 7, 6]))
        #expect(ConstantTime.equals(bytes.reversed(), [6, 7, 8, 9]))
        #expect(!ConstantTime.equals("abc".utf8, "abd".utf8))
    }
}
