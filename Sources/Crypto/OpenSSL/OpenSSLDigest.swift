import COpenSSL
import Codecs

/// SHA-256 over OpenSSL's EVP interface.
///
/// Used for migration checksums, replication checksums and request signing. Stateless and thread-safe.
public enum SHA256 {
    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let input = Array(bytes)
        input.withUnsafeBufferPointer { inputBuffer in
            digest.withUnsafeMutableBufferPointer { digestBuffer in
                // EVP_Digest only fails on allocation failure inside OpenSSL: a programmer-level impossibility here.
                let status = EVP_Digest(inputBuffer.baseAddress, inputBuffer.count, digestBuffer.baseAddress, nil, EVP_sha256(), nil)
                precondition(status == 1, "EVP_Digest(SHA-256) failed")
            }
        }
        return digest
    }

    /// The lower-case hex digest of `bytes`.
    public static func hexDigest(_ bytes: some Collection<UInt8>) -> String {
        Hex.encode(hash(bytes))
    }
}
