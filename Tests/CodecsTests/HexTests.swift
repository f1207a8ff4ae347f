import Codecs
import Testing

/// The one hex codec: both letter cases out, either case in, and nil for anything that is not hex.
@Suite struct HexTests {
    @Test(arguments: [
        ([UInt8](), "", ""),
        ([0x00], "00", "00"),
        ([0x0f, 0xa0], "0fa0", "0FA0"),
        ([0xde, 0xad, 0xbe, 0xef], "deadbeef", "DEADBEEF"),
        ([0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef], "0123456789abcdef", "0123456789ABCDEF"),
    ])
    func encodesInBothCases(_ bytes: [UInt8], lower: String, upper: String) {
        #expect(Hex.encode(bytes) == lower)
        #expect(Hex.encode(bytes, case: .upper) == upper)
    }

    @Test func appendWritesTwoDigitsHighNibbleFirst() {
        var output: [UInt8] = []
        Hex.append(0x1f, to: &output)
        Hex.append(0xc3, to: &output, case: .upper)
        #expect(String(decoding: output, as: UTF8.self) == "1fC3")
    }

    @Test func decodesEitherCaseAndRoundTripsEveryByte() throws {
        #expect(Hex.decode("DeadBEEF") == [0xde, 0xad, 0xbe, 0xef])
        let every = (0...255).map { UInt8($0) }
        #expect(try #require(Hex.decode(Hex.encode(every))) == every)
        #expect(try #require(Hex.decode(Hex.encode(every, case: .upper))) == every)
    }

    @Test(arguments: ["0", "abc", "0g", "zz", " 0", "0x00", "é0"])
    func rejectsOddLengthsAndNonHexCharacters(_ text: String) {
        #expect(Hex.decode(text) == nil)
    }

    @Test func digitValues() {
        #expect(Hex.value(ofDigit: UInt8(ascii: "0")) == 0)
        #expect(Hex.value(ofDigit: UInt8(ascii: "9")) == 9)
        #expect(Hex.value(ofDigit: UInt8(ascii: "a")) == 10)
        #expect(Hex.value(ofDigit: UInt8(ascii: "F")) == 15)
        #expect(Hex.value(ofDigit: UInt8(ascii: "g")) == nil)
        #expect(Hex.value(ofDigit: UInt8(ascii: "/")) == nil)
        #expect(Hex.digit(11) == UInt8(ascii: "b"))
        #expect(Hex.digit(11, case: .upper) == UInt8(ascii: "B"))
    }
}
