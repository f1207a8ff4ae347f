import Foundation
import Testing
import Codecs

/// `appendUTF8` appends exactly the bytes `append(contentsOf: text.utf8)` does, whatever the string's storage.
@Suite struct ArrayUTF8Tests {
    static let texts: [String] = [
        "", "a", "HTTP/1.1 ", "\r\n", "exactly fifteen", "sixteen bytes!!!", #"{"auctionId":"#,
        String(repeating: "long ascii text ", count: 40), "résumé ✓ 😀", "nul\u{0}inside", "\u{7F}\u{80}\u{FFFF}",
    ]

    @Test(arguments: texts)
    func appendsTheUTF8Bytes(_ text: String) {
        var bytes: [UInt8] = Array("prefix".utf8)
        bytes.appendUTF8(text)
        #expect(bytes == Array("prefix".utf8) + Array(text.utf8))
    }

    @Test func appendsStringsOfEveryStorage() {
        let long = String(repeating: "x", count: 100)
        let substring = String(long.dropFirst(3))
        let interpolated = "id=\(12_345) \(long)"
        let bridged = String(NSString(string: "bridged café"))
        let fromBytes = String(decoding: [0x61, 0xC3, 0xA9, 0x62], as: UTF8.self)
        for text in [substring, interpolated, bridged, fromBytes] {
            var bytes: [UInt8] = []
            bytes.appendUTF8(text)
            #expect(bytes == Array(text.utf8), "\(text)")
        }
    }

    @Test func growsFromEmptyAndFromFull() {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(4)
        bytes.appendUTF8("abcd")
        bytes.appendUTF8("efghijklmnopqrstuvwxyz")
        #expect(String(decoding: bytes, as: UTF8.self) == "abcdefghijklmnopqrstuvwxyz")
    }
}
