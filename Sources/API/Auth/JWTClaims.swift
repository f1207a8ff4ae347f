/// The claims of a worldgame access token (RFC 7519 §4.1 registered claims plus `role`).
///
/// A value; times are Unix seconds as the JWT specification requires.
public struct JWTClaims: Sendable, Equatable {
    /// `sub`: the player id as a decimal string.
    public var subject: String
    /// `role`: `player` or `admin`.
    public var role: String
    /// `iat`.
    public var issuedAt: Int64
    /// `nbf`.
    public var notBefore: Int64
    /// `exp`.
    public var expiresAt: Int64
    /// `jti`: a random id, unique per token.
    public var tokenID: String
    /// `gen`: the player's token generation when the token was issued (absent in older tokens: 0). A token below the
    /// player's current generation was signed out (`Players.revokeSessions`).
    public var generation: Int64

    public init(subject: String, role: String, issuedAt: Int64, notBefore: Int64, expiresAt: Int64, tokenID: String,
                generation: Int64 = 0) {
        self.subject = subject
        self.role = role
        self.issuedAt = issuedAt
        self.notBefore = notBefore
        self.expiresAt = expiresAt
        self.tokenID = tokenID
        self.generation = generation
    }

    var json: JSONValue {
        [
            "sub": .string(subject), "role": .string(role), "iat": .integer(issuedAt), "nbf": .integer(notBefore),
            "exp": .integer(expiresAt), "jti": .string(tokenID), "gen": .integer(generation),
        ]
    }

    init(json: JSONValue) throws(JWTError) {
        guard case .object = json else { throw .malformed(reason: "payload is not a JSON object") }
        subject = try Self.string(json, "sub")
        role = try Self.string(json, "role")
        tokenID = try Self.string(json, "jti")
        issuedAt = try Self.integer(json, "iat")
        expiresAt = try Self.integer(json, "exp")
        notBefore = json["nbf"] == nil ? issuedAt : try Self.integer(json, "nbf")
        generation = json["gen"] == nil ? 0 : try Self.integer(json, "gen")
        guard generation >= 0 else { throw .invalidClaim(name: "gen") }
    }

    private static func string(_ json: JSONValue, _ name: String) throws(JWTError) -> String {
        guard case .string(let value) = json[name], !value.isEmpty else { throw .invalidClaim(name: name) }
        return value
    }

    private static func integer(_ json: JSONValue, _ name: String) throws(JWTError) -> Int64 {
        guard case .integer(let value) = json[name] else { throw .invalidClaim(name: name) }
        return value
    }
}
