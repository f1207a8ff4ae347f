import Codecs
import Crypto
import Testing

@Suite struct ScryptTests {
    // RFC 7914 §12 vectors 1 and 2.
    @Test(arguments: [
        ("", "", UInt64(16), UInt64(1), UInt64(1),
         "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
        ("password", "NaCl", 1024, 8, 16,
         "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
    ])
    func rfc7914Vectors(password: String, salt: String, n: UInt64, r: UInt64, p: UInt64, expected: String) throws {
        let key = try Scrypt.derive(password: Array(password.utf8), salt: Array(salt.utf8), n: n, r: r, p: p,
                                    keyLength: 64, maxMemoryBytes: 64 << 20)
        #expect(Hex.encode(key) == expected)
    }

    @Test(arguments: [
        (UInt64(0), UInt64(1), UInt64(1), 32, CryptoError.invalidParameters("n must be a power of two greater than 1")),
        (1, 1, 1, 32, .invalidParameters("n must be a power of two greater than 1")),
        (1000, 1, 1, 32, .invalidParameters("n must be a power of two greater than 1")),
        (16, 0, 1, 32, .invalidParameters("r and p must be at least 1")),
        (16, 1, 0, 32, .invalidParameters("r and p must be at least 1")),
        (16, 1, 1, 0, .invalidParameters("key length must be at least 1")),
    ])
    func rejectsInvalidParameters(n: UInt64, r: UInt64, p: UInt64, keyLength: Int, expected: CryptoError) {
        #expect(throws: expected) {
            try Scrypt.derive(password: [1], salt: [2], n: n, r: r, p: p, keyLength: keyLength, maxMemoryBytes: 0)
        }
    }

    @Test func refusesParametersAboveTheMemoryLimit() {
        // N = 2^14, r = 8 needs 16 MiB; the limit is 1 MiB.
        #expect(throws: CryptoError.openSSL(function: "EVP_PBE_scrypt", reason: "memory limit exceeded")) {
            try Scrypt.derive(password: [1], salt: [2], n: 1 << 14, r: 8, p: 1, keyLength: 32, maxMemoryBytes: 1 << 20)
        }
    }
}
