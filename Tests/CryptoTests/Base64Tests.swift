import Crypto
import Testing

@Suite struct Base64Tests {
    // RFC 4648 §10.
    @Test(arguments: [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func usesPlusAndSlash() {
        #expect(Base64.encode([0xfb, 0xff, 0xbf]) == "+/+/")
        #expect(Base64.decode("+/+/") == [0xfb, 0xff, 0xbf])
    }

    @Test(arguments: ["Zg", "Zg=", "Zg===", "Z===", "Zm9v\n", " Zm9v", "Zm9v=", "Zg==Zg==", "Zm=v", "Zh==", "Zm9=",
                      "-_-_", "Zm9v!A==", "é==="])
    func rejectsNonCanonicalText(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func roundTripsEveryLengthAndByte() {
        var bytes: [UInt8] = []
        for length in 0..<300 {
            #expect(Base64.decode(Base64.encode(bytes)) == bytes)
            bytes.append(UInt8(truncatingIfNeeded: length * 151 + 7))
        }
    }
}
