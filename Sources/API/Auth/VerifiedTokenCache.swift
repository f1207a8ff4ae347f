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
    private let entries = Locked<[Key: JWTClaims]>([:])

    /// The claims of `token` when it was verified before.
    func claims(for token: String) -> JWTClaims? {
        let key = Key(token)
        return entries.withLock { $0[key] }
    }

    /// Remembers the claims of a verified `token`.
    func insert(_ claims: JWTClaims, for token: String) {
        let key = Key(token)
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = claims
        }
    }

    /// A token as a dictionary key: equal when the whole texts are equal, hashed from the token's length and its last
    /// 16 bytes only.
    ///
    /// The last bytes are the HMAC signature's base64url text, as well spread as the whole token for the verified
    /// tokens the cache holds; hashing the whole ~190-byte token cost about 1.9k instructions a request. A token that
    /// shares a stored one's tail still must equal it byte for byte to hit.
    struct Key: Hashable {
        /// How many bytes at the end of the token are hashed.
        static let hashedSuffixBytes = 16

        let token: String

        init(_ token: String) {
            self.token = token
        }

        static func == (left: Key, right: Key) -> Bool {
            left.token == right.token
        }

        func hash(into hasher: inout Hasher) {
            var low: UInt64 = 0
            var high: UInt64 = 0
            // The string's own UTF-8 bytes (`withUTF8`, as `JSONWriter.writeString` reads them): walking the
            // `UTF8View`'s suffix cost about 1.1k instructions, as much as hashing the whole token.
            var text = token
            let count = text.withUTF8 { bytes -> Int in
                var shift: UInt64 = 0
                for byte in bytes.suffix(Self.hashedSuffixBytes) {
                    if shift < 64 {
                        low |= UInt64(byte) << shift
                    } else {
                        high |= UInt64(byte) << (shift - 64)
                    }
                    shift += 8
                }
                return bytes.count
            }
            hasher.combine(count)
            hasher.combine(low)
            hasher.combine(high)
        }
    }
}
