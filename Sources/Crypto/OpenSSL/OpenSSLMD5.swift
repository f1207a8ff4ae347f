import COpenSSL

/// MD5 over OpenSSL's EVP interface, only for the OCI API key fingerprint (MD5 of the public key DER).
///
/// Broken as a cryptographic hash: never use it for integrity or secrets. Stateless and thread-safe.
public enum MD5 {
    /// The 16-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 16)  // MD5_DIGEST_LENGTH; <openssl/md5.h> is not in the shim
        OpenSSLSupport.withBytes(bytes) { pointer, count in
            digest.withUnsafeMutableBufferPointer { digestBuffer in
                // EVP_Digest only fails on allocation failure inside OpenSSL: a programmer-level impossibility here.
                let status = EVP_Digest(pointer, count, digestBuffer.baseAddress, nil, EVP_md5(), nil)
                precondition(status == 1, "EVP_Digest(MD5) failed")
            }
        }
        return digest
    }
}
