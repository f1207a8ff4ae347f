import Crypto

/// Why a stored password hash could not be used.
public enum PasswordHashError: Error, Equatable, Sendable {
    /// The stored text is not `pbkdf2-sha256$ITERATIONS$SALT$HASH`.
    case unrecognizedFormat
    case derivationFailed(CryptoError)
}

/// PBKDF2-HMAC-SHA256 password hashing with a per-user random salt, encoded together with its parameters
/// (`pbkdf2-sha256$600000$<salt>$<hash>`, base64url) so the iteration count can be raised later.
///
/// Slow on purpose: call it only on the `HashingPool`'s threads, never on an event loop or in a writer command.
/// OWASP Password Storage Cheat Sheet: PBKDF2-HMAC-SHA256 with 600,000 iterations.
public struct PasswordHasher: Sendable {
    /// OWASP's current recommendation for PBKDF2-HMAC-SHA256.
    public static let recommendedIterations = 600_000
    public static let saltBytes = 16
    public static let keyBytes = 32
    private static let scheme = "pbkdf2-sha256"

    /// Iterations used for new hashes.
    public let iterations: Int

    public init(iterations: Int = PasswordHasher.recommendedIterations) {
        self.iterations = max(1, iterations)
    }

    /// A new encoded hash of `password` with a fresh random salt.
    public func hash(_ password: Redacted<String>) throws(PasswordHashError) -> String {
        let salt = SecureRandom.bytes(count: Self.saltBytes)
        let key = try Self.derive(password, salt: salt, iterations: iterations)
        return "\(Self.scheme)$\(iterations)$\(Base64URL.encode(salt))$\(Base64URL.encode(key))"
    }

    /// Whether `password` matches `encoded`, compared in constant time.
    public func verify(_ password: Redacted<String>, against encoded: String) throws(PasswordHashError) -> Bool {
        let parsed = try Self.parse(encoded)
        let key = try Self.derive(password, salt: parsed.salt, iterations: parsed.iterations)
        return ConstantTime.equals(key, parsed.key)
    }

    /// Whether `encoded` uses fewer iterations than this hasher (rehash after the next successful login).
    public func needsUpgrade(_ encoded: String) -> Bool {
        guard let parsed = try? Self.parse(encoded) else { return true }
        return parsed.iterations < iterations
    }

    static func parse(_ encoded: String) throws(PasswordHashError) -> (iterations: Int, salt: [UInt8], key: [UInt8]) {
        let parts = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == Self.scheme, let iterations = Int(parts[1]), iterations >= 1,
              iterations <= 100_000_000, let salt = Base64URL.decode(String(parts[2])), !salt.isEmpty,
              let key = Base64URL.decode(String(parts[3])), key.count == Self.keyBytes
        else { throw .unrecognizedFormat }
        return (iterations, salt, key)
    }

    private static func derive(_ password: Redacted<String>, salt: [UInt8], iterations: Int) throws(PasswordHashError)
        -> [UInt8] {
        do {
            return try PBKDF2.deriveSHA256(password: Array(password.value.utf8), salt: salt, iterations: iterations,
                                           keyLength: keyBytes)
        } catch {
            throw .derivationFailed(error)
        }
    }
}
