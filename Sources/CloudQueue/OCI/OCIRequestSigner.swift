import Codecs
import Crypto
import Foundation
import HTTP

/// Signs OCI API requests with the HTTP request-signature scheme, version 1 (RSA-SHA256, PKCS#1 v1.5, based on
/// draft-cavage-http-signatures-08): https://docs.cloud.oracle.com/iaas/Content/API/Concepts/signingrequests.htm
///
/// GET, HEAD and DELETE sign `date (request-target) host`; POST, PUT and PATCH also sign `content-length`,
/// `content-type` and `x-content-sha256` (base64 SHA-256 of the exact body bytes, also for an empty body). The
/// `authorization` header has the same field order as the official Python SDK's (`algorithm`, `headers`, `keyId`,
/// `signature`, `version`), so golden tests compare it byte for byte. Immutable; any thread may sign.
public struct OCIRequestSigner: Sendable {
    /// `tenancy/user/fingerprint`, the `keyId` of every signature.
    public let keyId: String
    private let privateKey: RSAPrivateKey

    /// - Parameters:
    ///   - tenancy: the tenancy OCID; `user`: the user OCID; `fingerprint`: the API key's fingerprint as the Console
    ///     shows it (colon-separated lowercase hex MD5 of the public key DER).
    public init(tenancy: String, user: String, fingerprint: String, privateKey: RSAPrivateKey) {
        keyId = "\(tenancy)/\(user)/\(fingerprint)"
        self.privateKey = privateKey
    }

    /// The fingerprint OCI computes for `key`: MD5 of its public key DER, colon-separated lowercase hex.
    public static func fingerprint(of key: RSAPrivateKey) -> String {
        MD5.hash(key.publicKeyDER).map { Hex.encode([$0]) }.joined(separator: ":")
    }

    /// Whether requests with `method` carry and sign the body headers.
    public static func signsBody(_ method: String) -> Bool {
        ["POST", "PUT", "PATCH"].contains(method.uppercased())
    }

    /// The headers to send with the request, `authorization` last, in signing order.
    /// - Parameters:
    ///   - method: the HTTP method (any case).
    ///   - host: the `host` header exactly as sent (no scheme; a port only when not the default).
    ///   - target: the path and query exactly as sent (already percent-encoded).
    ///   - date: the IMF-fixdate sent as `date` (see `httpDate(_:)`).
    ///   - body: the exact body bytes (ignored for GET, HEAD, DELETE).
    /// - Throws: `CryptoError` if OpenSSL cannot sign.
    public func headers(
        method: String, host: String, target: String, date: String, body: [UInt8] = [],
        contentType: String = "application/json"
    ) throws(CryptoError) -> [(name: String, value: String)] {
        var signed: [(name: String, value: String)] = [
            ("date", date), ("(request-target)", "\(method.lowercased()) \(target)"), ("host", host),
        ]
        if Self.signsBody(method) {
            signed.append(("content-length", String(body.count)))
            signed.append(("content-type", contentType))
            signed.append(("x-content-sha256", Base64.encode(SHA256.hash(body))))
        }
        let signingString = signed.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
        let signature = Base64.encode(try privateKey.signSHA256(Array(signingString.utf8)))
        let names = signed.map(\.name).joined(separator: " ")
        let authorization = "Signature algorithm=\"rsa-sha256\",headers=\"\(names)\",keyId=\"\(keyId)\","
            + "signature=\"\(signature)\",version=\"1\""
        var headers = signed.filter { $0.name != "(request-target)" }
        headers.append(("authorization", authorization))
        return headers
    }

    /// `date` as an RFC 7231 IMF-fixdate in GMT (`Wed, 25 Nov 2026 12:00:00 GMT`), independent of the locale.
    public static func httpDate(_ date: Date) -> String {
        HTTPResponseSerializer.httpDate(date)
    }
}
