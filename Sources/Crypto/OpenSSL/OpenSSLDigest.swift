import COpenSSL
import Codecs

/// SHA-256 over OpenSSL's EVP interface.
///
/// Used for migration checksums, replication checksums and request signing. Stateless and thread-safe.
public enum SHA256 {
    /// SHA-256 fetched from OpenSSL's default provider once. `EVP_sha256()` makes every digest fetch it again (a lock
    /// and a lookup in OpenSSL 3, about 5k instructions per call, paid by every replication record's checksum).
    // Safety: a fetched EVP_MD is immutable and reference-counted with atomics; it is only read, and never freed.
    private nonisolated(unsafe) static let algorithm: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil)

    /// The 32-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        let input = Array(bytes)
        input.withUnsafeBufferPointer { inputBuffer in
            digest.withUnsafeMutableBufferPointer { digestBuffer in
                // EVP_Digest only fails on allocation failure inside OpenSSL: a programmer-level impossibility here.
                let status = EVP_Digest(inputBuffer.baseAddress, inputBuffer.count, digestBuffer.baseAddress, nil,
                                        algorithm ?? EVP_sha256(), nil)
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
