import Codecs
import Crypto
import Testing

@Suite struct MD5Tests {
    // RFC 1321 §A.5.
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
    ])
    func rfc1321Vectors(input: String, expected: String) {
        #expect(Hex.encode(MD5.hash(Array(input.utf8))) == expected)
    }
}
