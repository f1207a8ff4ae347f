import Crypto
import Testing

@Suite struct SHA1Tests {
    // RFC 3174 §7.3 test vectors (TEST1, TEST2, TEST3 = "a" x 1,000,000, TEST4 = the 64-byte pattern x 10).
    @Test(arguments: [
        ("abc", 1, "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 1, "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
        ("a", 1_000_000, "34aa973cd4c4daa4f61eeb2bdbad27316534016f"),
        ("0123456701234567012345670123456701234567012345670123456701234567", 10,
         "dea356a2cddd90c7a7ecedc5ebb563934f460452"),
    ])
    func rfc3174Vectors(input: String, repeatCount: Int, expected: String) {
        let message = [[UInt8]](repeating: Array(input.utf8), count: repeatCount).flatMap { $0 }
        #expect(SHA1.hexDigest(message) == expected)
    }

    @Test func emptyInput() {
        #expect(SHA1.hexDigest([UInt8]()) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
    }
}
