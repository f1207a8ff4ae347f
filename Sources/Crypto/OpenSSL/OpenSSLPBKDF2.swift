import COpenSSL

/// PBKDF2 with HMAC-SHA256 (RFC 8018 §5.2) over OpenSSL's `PKCS5_PBKDF2_HMAC`.
///
/// For password hashing where scrypt is not wanted, and for interoperating with stored PBKDF2 hashes. Stateless and
/// thread-safe; CPU-bound for `iterations` rounds, so call it off event loops.
public enum PBKDF2 {
    /// Derives `keyLength` bytes from `password` and `salt`.
    ///
    /// - Throws: `CryptoError.invalidParameters` if `iterations` or `keyLength` is below 1 or a length exceeds
    ///   `Int32.max`; `CryptoError.openSSL` if OpenSSL fails.
    public static func deriveSHA256(
        password: [UInt8], salt: [UInt8], iterations: Int, keyLength: Int
    ) throws(CryptoError) -> [UInt8] {
        guard iterations >= 1 else { throw .invalidParameters("iterations must be at least 1") }
        guard keyLength >= 1 else { throw .invalidParameters("key length must be at least 1") }
        let limit = Int(Int32.max)
        guard iterations <= limit, keyLength <= limit, password.count <= limit, salt.count <= limit else {
            throw .invalidParameters("iterations and lengths must fit in 32 bits")
        }
        var key = [UInt8](repeating: 0, count: keyLength)
        let status = OpenSSLSupport.withCharacters(password) { passwordPointer, passwordCount in
            OpenSSLSupport.withBytes(salt) { saltPointer, saltCount in
                key.withUnsafeMutableBufferPointer { keyBuffer in
                    PKCS5_PBKDF2_HMAC(passwordPointer, Int32(passwordCount), saltPointer, Int32(saltCount),
                                      Int32(iterations), EVP_sha256(), Int32(keyLength), keyBuffer.baseAddress)
                }
            }
        }
        guard status == 1 else { throw OpenSSLSupport.error(calling: "PKCS5_PBKDF2_HMAC") }
        return key
    }
}
