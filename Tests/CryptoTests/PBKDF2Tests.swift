import Codecs
import Crypto
import Testing

@Suite struct PBKDF2Tests {
    // RFC 7914 §11, PBKDF2-HMAC-SHA256 vectors.
    @Test(arguments: [
        ("passwd", "salt", 1,
         "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
        ("Password", "NaCl", 80000,
         "4ddcd8f60b98be21830cee5ef22701f9641a4418d04c0414aeff08876b34ab56a1d425a1225833549adb841b51c9b3176a272bdebba1d078478f62b397f33c8d"),
    ])
    func rfc7914Vectors(password: String, salt: String, iterations: Int, expected: String) throws {
        let key = try PBKDF2.deriveSHA256(
            password: Array(password.utf8), salt: Array(salt.utf8), iterations: iterations, keyLength: 64)
        #expect(Hex.encode(key) == expected)
    }

    @Test func rejectsInvalidParameters() {
        #expect(throws: CryptoError.invalidParameters("iterations must be at least 1")) {
            try PBKDF2.deriveSHA256(password: [1], salt: [2], iterations: 0, keyLength: 32)
        }
        #expect(throws: CryptoError.invalidParameters("key length must be at least 1")) {
            try PBKDF2.deriveSHA256(password: [1], salt: [2], iterations: 1, keyLength: 0)
        }
    }

    @Test func acceptsEmptyPasswordAndSalt() throws {
        let key = try PBKDF2.deriveSHA256(password: [], salt: [], iterations: 2, keyLength: 20)
        // Python: hashlib.pbkdf2_hmac("sha256", b"", b"", 2, 20).hex()
        #expect(Hex.encode(key) == "97398411d6aea43a77acef92226ab8278d4db066")
    }
}
