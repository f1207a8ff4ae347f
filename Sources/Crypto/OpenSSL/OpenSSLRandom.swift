import COpenSSL

/// Cryptographically secure random bytes from OpenSSL's DRBG.
///
/// Used for secrets, salts, token ids and request ids. Thread-safe (OpenSSL 3 DRBGs are per thread).
public enum SecureRandom {
    /// `count` random bytes.
    public static func bytes(count: Int) -> [UInt8] {
        precondition(count >= 0, "negative byte count")
        var output = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return output }
        output.withUnsafeMutableBufferPointer { buffer in
            // RAND_bytes fails only if the DRBG cannot be seeded, which on Linux means no getrandom(2): unusable host.
            let status = RAND_bytes(buffer.baseAddress, Int32(buffer.count))
            precondition(status == 1, "RAND_bytes failed: the system has no entropy source")
        }
        return output
    }
}
