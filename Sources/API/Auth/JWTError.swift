/// Why a bearer token was refused. Every case becomes a 401; none reveals more than the client already holds.
public enum JWTError: Error, Equatable, Sendable {
    /// Not three base64url parts of JSON objects, or too long.
    case malformed(reason: String)
    /// The header names an algorithm other than HS256 (including `none`), or marks critical extensions.
    case unsupportedAlgorithm(String)
    case badSignature
    /// A required claim is absent or of the wrong type.
    case invalidClaim(name: String)
    /// `exp` (Unix seconds) is not after now.
    case expired(expiredAt: Int64)
    /// `nbf` or `iat` (Unix seconds) is after now.
    case notYetValid(validFrom: Int64)
}
