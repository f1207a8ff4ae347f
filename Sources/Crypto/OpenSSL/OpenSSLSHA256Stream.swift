import COpenSSL
import Codecs

/// SHA-256 computed incrementally over OpenSSL's `EVP_MD_CTX`, for inputs too large to hold in memory (backup files).
///
/// Not Sendable: one owner feeds it with `update(_:)` and reads `finalize()` once. The context is freed in `deinit`.
///
/// ```swift
/// let stream = SHA256Stream()
/// stream.update(chunk)
/// let hex = Hex.encode(stream.finalize())
/// ```
public final class SHA256Stream {
    private let context: OpaquePointer
    private var isFinalized = false

    public init() {
        // EVP_MD_CTX_new and EVP_DigestInit_ex fail only on allocation failure inside OpenSSL: treated as a bug.
        guard let context = EVP_MD_CTX_new() else { preconditionFailure("EVP_MD_CTX_new failed") }
        precondition(EVP_DigestInit_ex(context, EVP_sha256(), nil) == 1, "EVP_DigestInit_ex(SHA-256) failed")
        self.context = context
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Feeds `bytes` into the digest. Must not be called after `finalize()`.
    public func update(_ bytes: some Collection<UInt8>) {
        precondition(!isFinalized, "SHA256Stream.update after finalize")
        OpenSSLSupport.withBytes(bytes) { pointer, count in
            precondition(EVP_DigestUpdate(context, pointer, count) == 1, "EVP_DigestUpdate failed")
        }
    }

    /// The 32-byte digest of everything fed so far. Call once.
    public func finalize() -> [UInt8] {
        precondition(!isFinalized, "SHA256Stream.finalize called twice")
        isFinalized = true
        var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
        var length: UInt32 = 0
        digest.withUnsafeMutableBufferPointer { buffer in
            precondition(EVP_DigestFinal_ex(context, buffer.baseAddress, &length) == 1, "EVP_DigestFinal_ex failed")
        }
        return Array(digest.prefix(Int(length)))
    }
}
