import Crypto

/// One SCRAM-SHA-256 client conversation (RFC 5802, RFC 7677) as a value: the client-first message, the client-final
/// message computed from the server-first, and the check of the server's signature.
///
/// Pure (no I/O; the nonce is injected), so the RFC 7677 vector is a unit test; `MongoAuthenticator` carries the
/// messages over `saslStart`/`saslContinue`. Owned by the connection's thread for one handshake.
public struct SCRAMSHA256: Sendable {
    /// The fewest PBKDF2 iterations accepted from a server (RFC 7677 §4).
    public static let minimumIterations = 4096

    public let username: String
    private let password: String
    private let clientNonce: String
    private var expectedServerSignature: [UInt8]?

    /// - Parameters:
    ///   - password: already SASLprep'd (`SASLprep.prepare`).
    ///   - clientNonce: printable, without a comma; base64 of at least 24 random bytes in production.
    public init(username: String, password: String, clientNonce: String) {
        self.username = username
        self.password = password
        self.clientNonce = clientNonce
    }

    /// `n=<user>,r=<nonce>` with `=` and `,` escaped in the user name.
    public var clientFirstBare: String {
        let escaped = username.replacingOccurrences(of: "=", with: "=3D").replacingOccurrences(of: ",", with: "=2C")
        return "n=\(escaped),r=\(clientNonce)"
    }

    /// The first message: no channel binding (`n,,`) and the bare part.
    public var clientFirstMessage: String { "n,," + clientFirstBare }

    /// Computes the client-final message (with the proof) from the server-first message, and remembers the server
    /// signature to expect.
    /// - Throws: `MongoError.authenticationFailed` for a malformed server-first, a nonce that does not extend ours,
    ///   or fewer than 4096 iterations.
    public mutating func clientFinalMessage(serverFirst: String) throws(MongoError) -> String {
        let fields = Self.fields(serverFirst)
        guard let nonce = fields["r"], nonce.hasPrefix(clientNonce), nonce.count > clientNonce.count else {
            throw fail("server nonce does not extend the client nonce")
        }
        guard let saltText = fields["s"], let salt = Base64.decode(saltText) else { throw fail("server salt missing") }
        guard let iterationText = fields["i"], let iterations = Int(iterationText), iterations >= Self.minimumIterations else {
            throw fail("iteration count missing or below \(Self.minimumIterations)")
        }
        let salted: [UInt8]
        do {
            salted = try PBKDF2.deriveSHA256(password: Array(password.utf8), salt: salt, iterations: iterations, keyLength: 32)
        } catch {
            throw fail("PBKDF2 failed")
        }
        let withoutProof = "c=biws,r=\(nonce)"
        let authMessage = Array((clientFirstBare + "," + serverFirst + "," + withoutProof).utf8)
        let clientKey = HMACSHA256.authenticationCode(key: salted, message: Array("Client Key".utf8))
        let storedKey = SHA256.hash(clientKey)
        let signature = HMACSHA256.authenticationCode(key: storedKey, message: authMessage)
        let proof = zip(clientKey, signature).map { $0 ^ $1 }
        let serverKey = HMACSHA256.authenticationCode(key: salted, message: Array("Server Key".utf8))
        expectedServerSignature = HMACSHA256.authenticationCode(key: serverKey, message: authMessage)
        return withoutProof + ",p=" + Base64.encode(proof)
    }

    /// Checks the server-final message (`v=<signature>`) against the expected signature.
    /// - Throws: `MongoError.authenticationFailed` for an error (`e=`) or a signature that does not match.
    public func verify(serverFinal: String) throws(MongoError) {
        let fields = Self.fields(serverFinal)
        if let error = fields["e"] { throw fail("server error: \(error)") }
        guard let expected = expectedServerSignature, let text = fields["v"], let received = Base64.decode(text),
              ConstantTime.equals(expected, received)
        else { throw fail("server signature does not match") }
    }

    private func fail(_ reason: String) -> MongoError { .authenticationFailed(user: username, reason: reason) }

    /// `a=1,b=2` as a dictionary of one-letter attributes (values may contain `=`).
    static func fields(_ message: String) -> [String: String] {
        var result: [String: String] = [:]
        for part in message.split(separator: ",") {
            guard let equals = part.firstIndex(of: "="), part.distance(from: part.startIndex, to: equals) == 1 else { continue }
            result[String(part[..<equals])] = String(part[part.index(after: equals)...])
        }
        return result
    }
}
