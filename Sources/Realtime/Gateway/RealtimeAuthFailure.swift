/// Why a realtime connection could not authenticate; every case closes the socket with `closeCode` (4001, or 4003
/// for a suspended account) and `closeReason`.
///
/// A plain value returned by the `TokenVerifier` or decided by the gateway's timers. Reasons never echo the token.
public enum RealtimeAuthFailure: Error, Sendable, Equatable {
    /// Not a well-formed, correctly signed token for a known player (`detail` is a fixed phrase, never the token).
    case invalidToken(detail: String)
    /// The token's `exp` (Unix seconds) has passed.
    case expired(expiredAt: Int64)
    /// The token's `nbf` or `iat` (Unix seconds) is in the future.
    case notYetValid(validFrom: Int64)
    /// No token arrived within the deadline.
    case missingToken(deadlineMilliseconds: Int64)
    /// The token's session was signed out (password changed, other sessions revoked): log in again.
    case revoked
    /// An operator suspended the account (close code 4003, so a client can tell it from an expired session).
    case suspended

    /// 4003 for a suspended account, 4001 for every other failure (private-use codes, RFC 6455 §7.4.2).
    public var closeCode: UInt16 { self == .suspended ? 4003 : 4001 }

    /// The close frame's reason (at most 123 bytes, RFC 6455 §5.5).
    public var closeReason: String {
        switch self {
        case .invalidToken: "invalid token"
        case .expired: "token expired"
        case .notYetValid: "token not yet valid"
        case .missingToken(let deadline): "no token within \(deadline) ms"
        case .revoked: "token revoked: signed out, log in again"
        case .suspended: "account suspended"
        }
    }

    /// The REST API's snake_case code for the same failure.
    public var code: String {
        switch self {
        case .invalidToken: "invalid_token"
        case .expired: "token_expired"
        case .notYetValid: "token_not_yet_valid"
        case .missingToken: "missing_token"
        case .revoked: "token_revoked"
        case .suspended: "account_suspended"
        }
    }
}
