import COpenSSL

/// An RSA private key loaded from PEM, for RSASSA-PKCS1-v1_5 SHA-256 signatures (RFC 8017 §8.2): OCI request signing
/// and RS256 JWTs.
///
/// A value type over a shared `OpenSSLPrivateKey`, which owns the `EVP_PKEY`. Immutable after `init`; any thread may
/// sign concurrently (see the safety note on `OpenSSLPrivateKey`). Its description never shows key material.
public struct RSAPrivateKey: Sendable, CustomStringConvertible {
    private let key: OpenSSLPrivateKey
    /// The public key as DER `SubjectPublicKeyInfo` (the OCI key fingerprint is the MD5 of these bytes).
    public let publicKeyDER: [UInt8]

    /// Loads an unencrypted RSA private key from PEM (`BEGIN PRIVATE KEY` PKCS#8 or `BEGIN RSA PRIVATE KEY` PKCS#1).
    ///
    /// - Throws: `CryptoError.invalidPEM` if no unencrypted private key can be decoded (encrypted keys included: there
    ///   is no passphrase prompt); `CryptoError.invalidParameters` if the key is not an RSA key.
    public init(pem: String) throws(CryptoError) {
        key = try OpenSSLPrivateKey(pem: pem)
        guard EVP_PKEY_get_base_id(key.pointer) == EVP_PKEY_RSA else {
            throw .invalidParameters("private key is not an RSA key")
        }
        publicKeyDER = try key.publicKeyDER()
    }

    /// The PKCS#1 v1.5 signature of SHA-256(`message`), as long as the modulus.
    ///
    /// - Throws: `CryptoError.openSSL` if OpenSSL fails (not expected for a loaded RSA key).
    public func signSHA256(_ message: some Collection<UInt8>) throws(CryptoError) -> [UInt8] {
        guard let context = EVP_MD_CTX_new() else { throw OpenSSLSupport.error(calling: "EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(context) }
        guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key.pointer) == 1 else {
            throw OpenSSLSupport.error(calling: "EVP_DigestSignInit")
        }
        var signature = [UInt8](repeating: 0, count: Int(EVP_PKEY_get_size(key.pointer)))
        var signatureLength = signature.count
        let status = OpenSSLSupport.withBytes(message) { messagePointer, messageCount in
            signature.withUnsafeMutableBufferPointer { signatureBuffer in
                EVP_DigestSign(context, signatureBuffer.baseAddress, &signatureLength, messagePointer, messageCount)
            }
        }
        guard status == 1 else { throw OpenSSLSupport.error(calling: "EVP_DigestSign") }
        return Array(signature.prefix(signatureLength))
    }

    public var description: String { "RSAPrivateKey(<redacted>)" }
}

/// The owner of one OpenSSL `EVP_PKEY`, freed in `deinit`.
///
/// Exists so the C handle has exactly one owning Swift type; `RSAPrivateKey` shares it by reference.
final class OpenSSLPrivateKey: @unchecked Sendable {
    // Safety: the EVP_PKEY is fully built in init and never mutated afterwards (no setters are called on it). OpenSSL 3
    // allows concurrent read-only use of a shared key (openssl-threads(7): "two threads can calculate a signature
    // using two different EVP_PKEY_CTX objects"); each signature creates its own EVP_MD_CTX/EVP_PKEY_CTX, and the
    // key's internal caches (provider export, DER) are guarded by the key's own lock.
    let pointer: OpaquePointer

    init(pem: String) throws(CryptoError) {
        ERR_clear_error()
        let text = Array(pem.utf8)
        guard text.count <= Int(Int32.max) else { throw .invalidPEM }
        let loaded: OpaquePointer? = OpenSSLSupport.withBytes(text) { pointer, count in
            guard let bio = BIO_new_mem_buf(pointer, Int32(count)) else { return nil }
            defer { BIO_free(bio) }
            // A callback that supplies no passphrase: encrypted keys fail instead of prompting on the terminal.
            return PEM_read_bio_PrivateKey(bio, nil, { _, _, _, _ in 0 }, nil)
        }
        guard let loaded else {
            ERR_clear_error()
            throw .invalidPEM
        }
        pointer = loaded
    }

    /// `i2d_PUBKEY`: the DER SubjectPublicKeyInfo of the key.
    func publicKeyDER() throws(CryptoError) -> [UInt8] {
        let length = i2d_PUBKEY(pointer, nil)
        guard length > 0 else { throw OpenSSLSupport.error(calling: "i2d_PUBKEY") }
        var der = [UInt8](repeating: 0, count: Int(length))
        let written = der.withUnsafeMutableBufferPointer { buffer in
            var cursor = buffer.baseAddress
            return i2d_PUBKEY(pointer, &cursor)
        }
        guard written == length else { throw OpenSSLSupport.error(calling: "i2d_PUBKEY") }
        return der
    }

    deinit {
        EVP_PKEY_free(pointer)
    }
}
