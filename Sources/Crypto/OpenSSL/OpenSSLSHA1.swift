import COpenSSL
import Codecs

/// SHA-1 over OpenSSL's EVP interface, only for the WebSocket opening handshake (RFC 6455 §4.2.2
/// `Sec-WebSocket-Accept`), which the protocol fixes to SHA-1.
///
/// Broken for collision resistance: never use it for integrity or secrets. Stateless and thread-safe.
public enum SHA1 {
    /// The 20-byte digest of `bytes`.
    public static func hash(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: Int(SHA_DIGEST_LENGTH))
        OpenSSLSupport.withBytes(bytes) { pointer, count in
            digest.withUnsafeMutableBufferPointer { digestBuffer in
                // EVP_Digest only fails on allocation failure inside OpenSSL: a programmer-level impossibility here.
                let status = EVP_Digest(pointer, count, digestBuffer.baseAddress, nil, EVP_sha1(), nil)
                precondition(status == 1, "EVP_Digest(SHA-1) failed")
            }
        }
        return digest
    }

    /// The lower-case hex digest of `bytes`.
    public static func hexDigest(_ bytes: some Collection<UInt8>) -> String {
        Hex.encode(hash(bytes))
    }
}
