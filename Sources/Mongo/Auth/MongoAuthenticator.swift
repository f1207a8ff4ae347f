import Crypto

/// Runs the SCRAM-SHA-256 conversation (`saslStart`, `saslContinue`) on a fresh connection, right after `hello`.
///
/// Stateless; called on the connection's owning thread. Only SCRAM-SHA-256 is implemented (Atlas's default for
/// password users); `authMechanism` set to anything else is refused before any credential is sent.
public enum MongoAuthenticator {
    /// Authenticates `connection` as `username` against `source`.
    /// - Parameter nonce: the client nonce (base64 of 24 random bytes unless a test injects one).
    /// - Throws: `MongoError.authenticationFailed` (bad proof, server refusal) or the connection's errors.
    public static func authenticate(_ connection: MongoConnection, username: String, password: String, source: String,
                                    nonce: String = Base64.encode(SecureRandom.bytes(count: 24))) throws(MongoError) {
        let prepared: String
        do { prepared = try SASLprep.prepare(password) } catch {
            throw .authenticationFailed(user: username, reason: "password has a character SASLprep prohibits")
        }
        var scram = SCRAMSHA256(username: username, password: prepared, clientNonce: nonce)
        let start: BSONDocument = [
            "saslStart": .int32(1), "mechanism": .string("SCRAM-SHA-256"),
            "payload": .binary(subtype: 0, bytes: Array(scram.clientFirstMessage.utf8)),
            "options": .document(["skipEmptyExchange": .bool(true)]), "$db": .string(source),
        ]
        var reply = try send(start, on: connection, username: username)
        guard let conversation = reply["conversationId"], let serverFirst = payload(reply) else {
            throw .authenticationFailed(user: username, reason: "saslStart reply without conversationId or payload")
        }
        let clientFinal = try scram.clientFinalMessage(serverFirst: serverFirst)
        reply = try send(continuation(conversation, Array(clientFinal.utf8), source), on: connection, username: username)
        guard let serverFinal = payload(reply) else {
            throw .authenticationFailed(user: username, reason: "saslContinue reply without payload")
        }
        try scram.verify(serverFinal: serverFinal)
        var rounds = 0
        while reply["done"]?.boolValue != true {
            rounds += 1
            guard rounds <= 2 else { throw .authenticationFailed(user: username, reason: "conversation did not finish") }
            reply = try send(continuation(conversation, [], source), on: connection, username: username)
        }
    }

    private static func continuation(_ conversation: BSONValue, _ payload: [UInt8], _ source: String) -> BSONDocument {
        ["saslContinue": .int32(1), "conversationId": conversation, "payload": .binary(subtype: 0, bytes: payload),
         "$db": .string(source)]
    }

    private static func send(_ command: BSONDocument, on connection: MongoConnection,
                             username: String) throws(MongoError) -> BSONDocument {
        do {
            return try connection.runCommand(command)
        } catch .commandFailed(_, let code, _, let message, _) {
            throw .authenticationFailed(user: username, reason: "server refused (code \(code)): \(message)")
        }
    }

    private static func payload(_ reply: BSONDocument) -> String? {
        reply["payload"]?.binaryBytes.flatMap { String(validating: $0, as: UTF8.self) }
    }
}
