import Crypto

/// Issues and verifies HS256 JSON Web Tokens (RFC 7519, JWS compact serialization RFC 7515 §7.1, HMAC-SHA256
/// per RFC 7518 §3.2) with the node's secret.
///
/// Immutable and `Sendable`: any event loop (verify) or the writer's completion (issue) may use it. Only HS256 is
/// accepted; `alg: none`, every other algorithm and a `crit` header are refused before the signature is checked.
public struct JWTSigner: Sendable {
    /// Tokens longer than this are refused without parsing.
    public static let maxTokenLength = 4_096
    private let secret: Redacted<[UInt8]>
    /// Tokens this signer (and its copies, which share the secret) already verified.
    private let verified = VerifiedTokenCache()
    private static let encodedHeader = Base64URL.encode(JSONValue.object(["alg": .string("HS256"), "typ": .string("JWT")]).encoded())

    /// - Parameter secret: at least 32 bytes of key material (the node's secret file).
    public init(secret: Redacted<[UInt8]>) {
        precondition(secret.value.count >= 32, "JWT secret must have at least 32 bytes")
        self.secret = secret
    }

    /// The compact token for `claims`.
    public func sign(_ claims: JWTClaims) -> String {
        let signingInput = Self.encodedHeader + "." + Base64URL.encode(claims.json.encoded())
        let signature = HMACSHA256.authenticationCode(key: secret.value, message: Array(signingInput.utf8))
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// The claims of `token` if it is well-formed, HS256, correctly signed and valid at `nowSeconds`. A token this
    /// signer verified before skips the parsing and the signature check (`VerifiedTokenCache`), never the time checks.
    /// - Throws: `JWTError` naming the first problem found.
    public func verify(_ token: String, nowSeconds: Int64) throws(JWTError) -> JWTClaims {
        guard token.utf8.count <= Self.maxTokenLength else { throw .malformed(reason: "token too long") }
        if let claims = verified.claims(for: token) { return try Self.checkTimes(claims, nowSeconds: nowSeconds) }
        let claims = try verifySignedClaims(token)
        verified.insert(claims, for: token)
        return try Self.checkTimes(claims, nowSeconds: nowSeconds)
    }

    /// The claims of a well-formed, HS256, correctly signed `token`, whatever its times.
    private func verifySignedClaims(_ token: String) throws(JWTError) -> JWTClaims {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw .malformed(reason: "expected three non-empty parts")
        }
        let header = try Self.decodeJSON(parts[0], part: "header")
        guard case .object(let headerMembers) = header else { throw .malformed(reason: "header is not a JSON object") }
        guard case .string(let algorithm) = headerMembers["alg"] else { throw .malformed(reason: "header has no alg") }
        guard algorithm == "HS256" else { throw .unsupportedAlgorithm(algorithm) }
        if headerMembers["crit"] != nil { throw .unsupportedAlgorithm("crit") }
        if let type = headerMembers["typ"], type != "JWT" { throw .malformed(reason: "typ is not JWT") }
        guard let signature = Base64URL.decode(String(parts[2])) else { throw .malformed(reason: "signature is not base64url") }
        let signingInput = Array(token.utf8.prefix(parts[0].utf8.count + 1 + parts[1].utf8.count))
        let expected = HMACSHA256.authenticationCode(key: secret.value, message: signingInput)
        guard ConstantTime.equals(expected, signature) else { throw .badSignature }
        return try JWTClaims(json: try Self.decodeJSON(parts[1], part: "payload"))
    }

    /// `claims` if they are valid at `nowSeconds`.
    private static func checkTimes(_ claims: JWTClaims, nowSeconds: Int64) throws(JWTError) -> JWTClaims {
        guard nowSeconds < claims.expiresAt else { throw .expired(expiredAt: claims.expiresAt) }
        guard nowSeconds >= claims.notBefore else { throw .notYetValid(validFrom: claims.notBefore) }
        guard nowSeconds >= claims.issuedAt else { throw .notYetValid(validFrom: claims.issuedAt) }
        return claims
    }

    private static func decodeJSON(_ part: Substring, part name: String) throws(JWTError) -> JSONValue {
        guard let bytes = Base64URL.decode(String(part)) else { throw .malformed(reason: "\(name) is not base64url") }
        do {
            return try JSONParser.parse(bytes)
        } catch {
            throw .malformed(reason: "\(name) is not JSON")
        }
    }
}
