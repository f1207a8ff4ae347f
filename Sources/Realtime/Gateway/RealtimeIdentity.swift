/// Who is on the other end of an authenticated realtime connection, as the token verifier established it.
///
/// A plain value produced by the injected `TokenVerifier` (the API module owns JWT; Realtime never imports it).
public struct RealtimeIdentity: Sendable, Equatable {
    /// The player id (`sub`).
    public var playerID: Int64
    /// `player` or `admin`.
    public var role: String
    /// The token's `exp`, Unix seconds: the connection is closed with 4001 at this instant.
    public var expiresAt: Int64
    /// The player's token generation the token was issued under: a `sessions_revoked` event with a higher one closes
    /// the connection (`RealtimeGateway.closeSessions`).
    public var tokenGeneration: Int64

    public init(playerID: Int64, role: String, expiresAt: Int64, tokenGeneration: Int64 = 0) {
        self.playerID = playerID
        self.role = role
        self.expiresAt = expiresAt
        self.tokenGeneration = tokenGeneration
    }
}

/// Checks a bearer token and returns whose it is; wired by the app to the API's `JWTSigner` (and player lookup).
///
/// Called on an event loop: it must be fast and must not block (HMAC verification is).
public typealias TokenVerifier = @Sendable (String) -> Result<RealtimeIdentity, RealtimeAuthFailure>
