import Locking

/// The claims of tokens a `JWTSigner` already verified (well-formed, HS256, correctly signed), keyed by the whole
/// token text.
///
/// Why: verifying a token (splitting, base64url, two JSON parses, HMAC) was about half of a durable bid's
/// instructions on the event loop, and a client sends the same token with every request. A hit skips only what
/// depends on nothing but the token's bytes and the signer's secret, which never changes for one signer; the time
/// claims are still checked on every use, and revocation (the token generation) is the `Authenticator`'s check after
/// this one. Only verified tokens enter, so garbage cannot fill it; when full it is emptied. Shared by every event
/// loop behind a `Locked` (a dictionary look-up under the lock, nothing else).
final class VerifiedTokenCache: Sendable {
    /// At most this many tokens are remembered.
    static let capacity = 4_096
    private let entries = Locked<[String: JWTClaims]>([:])

    /// The claims of `token` when it was verified before.
    func claims(for token: String) -> JWTClaims? {
        entries.withLock { $0[token] }
    }

    /// Remembers the claims of a verified `token`.
    func insert(_ claims: JWTClaims, for token: String) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = claims
        }
    }
}
