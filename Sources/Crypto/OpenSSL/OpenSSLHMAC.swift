import COpenSSL

/// HMAC-SHA256 (RFC 2104, FIPS 198-1) over OpenSSL's one-shot `HMAC()`.
///
/// Used for JWT (HS256) signatures and request signing. Stateless and thread-safe.
public enum HMACSHA256 {
    /// The 32-byte authentication code of `message` under `key` (any key length; long keys are hashed first).
    public static func authenticationCode(key: [UInt8], message: some Collection<UInt8>) -> [UInt8] {
        precondition(key.count <= Int(Int32.max), "HMAC key longer than 2 GiB")
        var code = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var codeLength: UInt32 = 0
        OpenSSLSupport.withBytes(key) { keyPointer, keyCount in
            OpenSSLSupport.withBytes(message) { messagePointer, messageCount in
                code.withUnsafeMutableBufferPointer { codeBuffer in
                    // HMAC() fails only on allocation failure inside OpenSSL: an impossibility we treat as a bug.
                    let result = HMAC(EVP_sha256(), keyPointer, Int32(keyCount), messagePointer, messageCount,
                                      codeBuffer.baseAddress, &codeLength)
                    precondition(result != nil, "HMAC(SHA-256) failed")
                }
            }
        }
        return Array(code.prefix(Int(codeLength)))
    }
}
