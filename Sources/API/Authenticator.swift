import Game
import HTTP

/// Who a request acts for, established from its bearer token alone (no database read).
public struct AuthenticatedPlayer: Sendable, Equatable {
    public var playerID: Int64
    public var role: PlayerRole
    public var claims: JWTClaims
}

/// Checks `Authorization: Bearer <JWT>` headers against the node's signer and clock.
///
/// Pure and `Sendable`; called on the event loop of each request.
public struct Authenticator: Sendable {
    let signer: JWTSigner
    let clock: any GameClock

    public init(signer: JWTSigner, clock: any GameClock) {
        self.signer = signer
        self.clock = clock
    }

    /// The player `request` acts for.
    /// - Throws: `AuthError.missingToken`, `.malformedHeader`, `.invalidToken` (wrapping the `JWTError`).
    public func authenticate(_ request: HTTPRequest) throws(AuthError) -> AuthenticatedPlayer {
        guard let header = request.headers["authorization"] else { throw .missingToken }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw .malformedHeader }
        let claims: JWTClaims
        do {
            claims = try signer.verify(String(parts[1]), nowSeconds: clock.nowMilliseconds / 1000)
        } catch {
            throw .invalidToken(error)
        }
        guard let playerID = Int64(claims.subject), playerID > 0, let role = PlayerRole(rawValue: claims.role) else {
            throw .invalidToken(.invalidClaim(name: "sub"))
        }
        return AuthenticatedPlayer(playerID: playerID, role: role, claims: claims)
    }

    /// Like `authenticate`, and the token must carry the admin role.
    /// - Throws: `AuthError.forbidden` for a valid non-admin token.
    public func authenticateAdmin(_ request: HTTPRequest) throws(AuthError) -> AuthenticatedPlayer {
        let player = try authenticate(request)
        guard player.role == .admin else { throw .forbidden(requiredRole: PlayerRole.admin.rawValue) }
        return player
    }
}
