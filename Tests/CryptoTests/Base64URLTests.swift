import Crypto
import Testing

@Suite struct Base64URLTests {
    @Test(arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648VectorsWithoutPadding(plain: String, encoded: String) {
        #expect(Base64URL.encode(Array(plain.utf8)) == encoded)
        #expect(Base64URL.decode(encoded) == Array(plain.utf8))
    }

    @Test func usesDashAndUnderscore() {
        #expect(Base64URL.encode([0xfb, 0xff, 0xbf]) == "-_-_")
        #expect(Base64URL.decode("-_-_") == [0xfb, 0xff, 0xbf])
        // RFC 7515 appendix C: the JWS header example.
        #expect(Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8)) == "eyJhbGciOiJIUzI1NiJ9")
    }

    @Test(arguments: ["Zg==", "Zm8=", "Z", "Zm9vY", "+/+/", "Zm 9v", "Zm9v\n", "Zh", "Zm9", "Zm.v", "Zm9vYmFy="])
    func rejectsPaddingInvalidCharactersAndImpossibleLengths(text: String) {
        #expect(Base64URL.decode(text) == nil)
    }

    @Test func roundTripsEveryLengthAndByte() {
        var bytes: [UInt8] = []
        for length in 0..<300 {
            let text = Base64URL.encode(bytes)
            #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
            #expect(Base64URL.decode(text) == bytes)
            bytes.append(UInt8(truncatingIfNeeded: length * 151 + 7))
        }
    }
}
