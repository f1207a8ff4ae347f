import Clocks
import Game
import HTTP
import Store

/// Who a request acts for, established from its bearer token and the player's current token generation.
public struct AuthenticatedPlayer: Sendable, Equatable {
    public var playerID: Int64
    public var role: PlayerRole
    public var claims: JWTClaims
}

/// The stateful half of authentication: the player's current token generation, read by primary key on the calling
/// event loop's own reader (one WAL snapshot, never waiting for the writer).
///
/// Why a read per request rather than a cache: the read sees every committed change on this node's database the
/// moment it commits, whoever made it (this node's writer, a standby's applier, a snapshot re-bootstrap, an offline
/// `rejoin`), so a revoked token stops at once everywhere without an invalidation protocol; it costs one indexed
/// lookup (microseconds) next to the HMAC. `Sendable`; loop N uses reader N only.
public struct TokenGenerationCheck: Sendable {
    let readers: ReaderPool

    public init(readers: ReaderPool) {
        self.readers = readers
    }

    /// The player's current generation and whether an operator suspended them (nil: no such player), read on loop
    /// `loopIndex`'s reader.
    public func currentState(playerID: Int64, loopIndex: Int) throws -> (tokenGeneration: Int64, isSuspended: Bool)? {
        // One primary-key SELECT: its own snapshot without BEGIN/COMMIT around it.
        try readers.reader(loopIndex).readOneStatement { database in
            try Players.sessionState(playerID: playerID, in: database)
        }
    }
}

/// Checks `Authorization: Bearer <JWT>` headers against the node's signer and clock, and (when given a
/// `TokenGenerationCheck`) against the player's token generation, so signed-out tokens stop at once.
///
/// `Sendable`; called on the event loop of each request.
public struct Authenticator: Sendable {
    let signer: JWTSigner
    let clock: any WallClock
    let generations: TokenGenerationCheck?

    /// - Parameter generations: nil checks the token alone (tools and tests without a database).
    public init(signer: JWTSigner, clock: any WallClock, generations: TokenGenerationCheck? = nil) {
        self.signer = signer
        self.clock = clock
        self.generations = generations
    }

    /// The player `request` acts for; `context` selects the loop's reader for the generation check.
    /// - Throws: `AuthError.missingToken`, `.malformedHeader`, `.invalidToken` (wrapping the `JWTError`),
    ///   `.unknownPlayer`, `.accountSuspended`, `.sessionRevoked`; a `StoreError` when the generation cannot be read.
    public func authenticate(_ request: HTTPRequest, _ context: RequestContext) throws -> AuthenticatedPlayer {
        guard let headerBytes = request.headers.valueBytes("authorization") else { throw AuthError.missingToken }
        if let token = Self.canonicalBearerToken(bytes: headerBytes) {
            return try authenticate(token: token, loopIndex: context.loopIndex)
        }
        let header = String(decoding: headerBytes, as: UTF8.self)
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw AuthError.malformedHeader }
        return try authenticate(token: String(parts[1]), loopIndex: context.loopIndex)
    }

    /// The token of the usual `Bearer <token>` header (exactly one space, the token not starting with another), read
    /// from the UTF-8 bytes without splitting and lowercasing (which cost about 2k instructions per request); nil for
    /// any other spelling, which the general parse handles with the same result.
    static func canonicalBearerToken(_ header: String) -> String? {
        canonicalBearerToken(bytes: Array(header.utf8)[...])
    }

    /// `canonicalBearerToken(_:)` over the header's bytes as received: the token is the one `String` made (the
    /// header's own `String` cost a copy and a UTF-8 check of its ~200 bytes per request).
    static func canonicalBearerToken(bytes: ArraySlice<UInt8>) -> String? {
        let prefix = bearerPrefix
        guard bytes.count > prefix.count else { return nil }
        var index = bytes.startIndex
        for byte in prefix {
            guard bytes[index] == byte else { return nil }
            index += 1
        }
        guard bytes[index] != UInt8(ascii: " ") else { return nil }
        return String(decoding: bytes[index...], as: UTF8.self)
    }

    private static let bearerPrefix = Array("Bearer ".utf8)

    /// Checks a bare token (the WebSocket gateway's `?token=` or `auth` message) on loop `loopIndex`.
    public func authenticate(token: String, loopIndex: Int) throws -> AuthenticatedPlayer {
        let claims: JWTClaims
        do {
            claims = try signer.verify(token, nowSeconds: clock.now.seconds)
        } catch {
            throw AuthError.invalidToken(error)
        }
        guard let playerID = Int64(claims.subject), playerID > 0, let role = PlayerRole(rawValue: claims.role) else {
            throw AuthError.invalidToken(.invalidClaim(name: "sub"))
        }
        if let generations {
            guard let current = try generations.currentState(playerID: playerID, loopIndex: loopIndex) else {
                throw AuthError.unknownPlayer(playerID: claims.subject)
            }
            guard !current.isSuspended else { throw AuthError.accountSuspended(atLogin: false) }
            guard claims.generation >= current.tokenGeneration else { throw AuthError.sessionRevoked }
        }
        return AuthenticatedPlayer(playerID: playerID, role: role, claims: claims)
    }

    /// Like `authenticate`, and the token must carry the admin role.
    /// - Throws: `AuthError.forbidden` for a valid non-admin token.
    public func authenticateAdmin(_ request: HTTPRequest, _ context: RequestContext) throws -> AuthenticatedPlayer {
        let player = try authenticate(request, context)
        guard player.role == .admin else { throw AuthError.forbidden(requiredRole: PlayerRole.admin.rawValue) }
        return player
    }
}
