import HTTP

/// An error that knows its HTTP answer: status, snake_case code, a message saying what to do, and extra headers.
///
/// The one mapping from domain and input errors to the contract's `{"error":{"code","message"}}` shape
/// (Hummingbird's `HTTPResponseError` habit). Messages never include secrets (passwords, tokens, bid amounts).
public protocol APIErrorRepresentable: Error {
    var status: HTTPStatus { get }
    var code: String { get }
    var message: String { get }
    /// Extra response headers (`Retry-After`, `WWW-Authenticate`); empty by default.
    var headers: HTTPHeaders { get }
}

extension APIErrorRepresentable {
    public var headers: HTTPHeaders { [:] }

    /// The error response.
    public var response: HTTPResponse {
        var response = HTTPResponse.error(status, code: code, message: message)
        for (name, value) in headers { response.headers.set(name, value) }
        return response
    }
}

/// Failures of authentication and authorisation that are not about the token's bytes.
public enum AuthError: Error, Equatable, Sendable {
    case missingToken
    /// The `Authorization` header is not `Bearer <token>`.
    case malformedHeader
    case invalidToken(JWTError)
    /// The token is valid but its player no longer exists.
    case unknownPlayer(playerID: String)
    /// The route needs `requiredRole`.
    case forbidden(requiredRole: String)
    case invalidCredentials
    /// The token was signed out: its generation is below the player's (password changed, sessions revoked).
    case sessionRevoked
    /// An operator suspended the account: its tokens are refused (401) and it cannot log in (403).
    case accountSuspended(atLogin: Bool)
}

/// The login rate limit refused the attempt.
public struct RateLimitedError: Error, Equatable, Sendable {
    public var retryAfterSeconds: Int
    public var scope: String
}
