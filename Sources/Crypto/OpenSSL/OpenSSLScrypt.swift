import COpenSSL

/// The scrypt key derivation function (RFC 7914) over OpenSSL's `EVP_PBE_scrypt`.
///
/// Our password hash: memory-hard, so brute force on GPUs is expensive. Stateless and thread-safe; it allocates about
/// `128 * r * n` bytes and burns CPU, so call it off event loops.
public enum Scrypt {
    /// Derives `keyLength` bytes from `password` and `salt`.
    ///
    /// - Parameters:
    ///   - n: CPU/memory cost, a power of two greater than 1.
    ///   - r: block size, at least 1.
    ///   - p: parallelism, at least 1.
    ///   - maxMemoryBytes: refuse parameters needing more memory than this (0 means OpenSSL's default, 32 MiB).
    /// - Throws: `CryptoError.invalidParameters` for parameters that break RFC 7914 §2; `CryptoError.openSSL` when
    ///   OpenSSL refuses them (for example `"memory limit exceeded"`).
    public static func derive(
        password: [UInt8], salt: [UInt8], n: UInt64, r: UInt64, p: UInt64, keyLength: Int, maxMemoryBytes: UInt64
    ) throws(CryptoError) -> [UInt8] {
        guard n > 1, n & (n - 1) == 0 else { throw .invalidParameters("n must be a power of two greater than 1") }
        guard r >= 1, p >= 1 else { throw .invalidParameters("r and p must be at least 1") }
        guard keyLength >= 1 else { throw .invalidParameters("key length must be at least 1") }
        var key = [UInt8](repeating: 0, count: keyLength)
        let status = OpenSSLSupport.withCharacters(password) { passwordPointer, passwordCount in
            OpenSSLSupport.withBytes(salt) { saltPointer, saltCount in
                key.withUnsafeMutableBufferPointer { keyBuffer in
                    EVP_PBE_scrypt(passwordPointer, passwordCount, saltPointer, saltCount, n, r, p, maxMemoryBytes,
                                   keyBuffer.baseAddress, keyLength)
                }
            }
        }
        guard status == 1 else { throw OpenSSLSupport.error(calling: "EVP_PBE_scrypt") }
        return key
    }
}
