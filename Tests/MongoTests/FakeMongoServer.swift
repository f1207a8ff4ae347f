import Crypto
import Foundation
import Locking
import Net
@testable import Mongo

/// A strict fake mongod for the client tests: OP_MSG only, checks every request the way the specification asks
/// (command name first, `$db` present, write batches as kind-1 sequences within the announced limits), answers
/// `hello`, runs a real SCRAM-SHA-256 server conversation for user "user"/"pencil", applies upserts to an in-memory
/// collection, remembers (lsid, txnNumber) results like a replica set, and can be told to fail the next requests.
///
/// Each accepted connection is served by its own thread; shared state sits in one Mutex.
final class FakeMongoServer: Sendable {
    /// What the next matching request gets instead of a normal answer.
    enum Failure: Sendable {
        /// Close the connection without replying (after applying the write when `afterApplying`).
        case drop(afterApplying: Bool)
        /// `ok: 0` with this code and labels.
        case commandError(code: Int32, labels: [String])
        /// `ok: 1` with a writeConcernError.
        case writeConcernError(code: Int32)
    }

    /// Everything the fake saw and holds; guarded by `state`.
    struct State {
        var documents: [String: BSONDocument] = [:]
        var updateBatchSizes: [Int] = []
        var commands: [String] = []
        var violations: [String] = []
        var failures: [Failure] = []
        var transactions: [String: BSONDocument] = [:]
        var applyCount = 0
        var sockets: [SystemBlockingSocket] = []
    }

    let port: Int
    let maxWriteBatchSize: Int32
    let maxMessageBytes: Int32
    let requiresAuthentication: Bool
    let isReplicaSet: Bool
    /// When set, this server answers `hello` as a secondary naming this primary.
    let secondaryOf: String?
    private let listener: SystemBlockingSocket
    let state = Locked(State())

    init(maxWriteBatchSize: Int32 = 100_000, maxMessageBytes: Int32 = 48_000_000, requiresAuthentication: Bool = false,
         isReplicaSet: Bool = true, secondaryOf: String? = nil) throws {
        listener = try SystemBlockingSocket.listen(host: "127.0.0.1", port: 0)
        port = try listener.localPort()
        self.maxWriteBatchSize = maxWriteBatchSize
        self.maxMessageBytes = maxMessageBytes
        self.requiresAuthentication = requiresAuthentication
        self.isReplicaSet = isReplicaSet
        self.secondaryOf = secondaryOf
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    func stop() {
        listener.close()
        state.withLock { $0.sockets.forEach { $0.close() } }
    }

    func fail(next failures: Failure...) { state.withLock { $0.failures += failures } }

    private func acceptLoop() {
        while let socket = try? listener.accept() {
            state.withLock { $0.sockets.append(socket) }
            let thread = Thread { [self] in serve(socket) }
            thread.start()
        }
    }

    private func serve(_ socket: SystemBlockingSocket) {
        var buffer: [UInt8] = []
        var session = FakeSCRAMSession()
        while true {
            while buffer.count < 4 || buffer.count < Int(littleEndian: buffer) {
                guard let chunk = try? socket.receive(), !chunk.isEmpty else { return socket.close() }
                buffer += chunk
            }
            let length = Int(littleEndian: buffer)
            let frame = Array(buffer[0..<length])
            buffer.removeFirst(length)
            guard let request = try? OpMsg.parse(frame, maxMessageBytes: Int(maxMessageBytes)) else {
                violation("unparseable message")
                return socket.close()
            }
            guard let reply = answer(request, session: &session) else { return socket.close() }
            let message = OpMsg(requestID: request.requestID &+ 1000, responseTo: request.requestID, body: reply)
            guard let bytes = try? message.encode(), (try? socket.send(bytes)) != nil else { return socket.close() }
        }
    }

    private func violation(_ text: String) { state.withLock { $0.violations.append(text) } }

    /// The reply body, or nil to drop the connection.
    private func answer(_ request: OpMsg, session: inout FakeSCRAMSession) -> BSONDocument? {
        let command = request.body.keys.first ?? ""
        state.withLock { $0.commands.append(command) }
        if request.body["$db"]?.stringValue == nil { violation("\(command) without $db") }
        switch command {
        case "hello":
            var reply: BSONDocument = [
                "isWritablePrimary": .bool(secondaryOf == nil), "maxBsonObjectSize": .int32(16_777_216),
                "maxMessageSizeBytes": .int32(maxMessageBytes), "maxWriteBatchSize": .int32(maxWriteBatchSize),
                "minWireVersion": .int32(0), "maxWireVersion": .int32(21), "logicalSessionTimeoutMinutes": .int32(30),
            ]
            if isReplicaSet { reply["setName"] = .string("rs0") }
            if let secondaryOf { reply["primary"] = .string(secondaryOf) }
            reply["ok"] = .double(1)
            return reply
        case "saslStart", "saslContinue":
            return session.step(request.body)
        case "update":
            guard !requiresAuthentication || session.isAuthenticated else {
                return ["ok": .double(0), "code": .int32(13), "codeName": .string("Unauthorized"), "errmsg": .string("auth")]
            }
            return update(request)
        default:
            return ["ok": .double(0), "code": .int32(59), "errmsg": .string("no such command: \(command)")]
        }
    }

    private func update(_ request: OpMsg) -> BSONDocument? {
        guard let sequence = request.sequences.first, sequence.identifier == "updates", request.body["updates"] == nil else {
            violation("update without an updates sequence")
            return ["ok": .double(0), "code": .int32(9), "errmsg": .string("bad")]
        }
        if request.body["writeConcern"]?.documentValue?["w"] != .string("majority") { violation("write concern not majority") }
        if sequence.documents.count > Int(maxWriteBatchSize) { violation("batch of \(sequence.documents.count)") }
        let transaction = request.body["lsid"].map { "\($0)|\(request.body["txnNumber"]?.integerValue ?? -1)" }
        if transaction != nil && !isReplicaSet { violation("txnNumber sent to a standalone server") }
        return state.withLock { state -> BSONDocument? in
            let failure = state.failures.isEmpty ? nil : state.failures.removeFirst()
            if case .commandError(let code, let labels) = failure {
                return ["ok": .double(0), "code": .int32(code), "errmsg": .string("injected"),
                        "errorLabels": .array(labels.map { .string($0) })]
            }
            if case .drop(afterApplying: false) = failure { return nil }
            if let transaction, let stored = state.transactions[transaction] { return stored }
            state.updateBatchSizes.append(sequence.documents.count)
            var upserted: [BSONValue] = []
            for (index, statement) in sequence.documents.enumerated() {
                let key = "\(statement["q"]?.documentValue?["_id"] ?? .null)"
                if state.documents[key] == nil { upserted.append(.document(["index": .int32(Int32(index))])) }
                state.documents[key] = statement["u"]?.documentValue
                state.applyCount += 1
            }
            var reply: BSONDocument = ["n": .int32(Int32(sequence.documents.count)),
                                       "nModified": .int32(Int32(sequence.documents.count - upserted.count)),
                                       "upserted": .array(upserted), "ok": .double(1)]
            if case .writeConcernError(let code) = failure {
                reply["writeConcernError"] = .document(["code": .int32(code), "errmsg": .string("injected")])
            }
            if let transaction { state.transactions[transaction] = reply }
            if case .drop = failure { return nil }
            return reply
        }
    }
}

extension Int {
    /// The little-endian int32 at the start of `bytes`.
    init(littleEndian bytes: [UInt8]) {
        self = Int(Int32(bitPattern: UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24))
    }
}

/// The server side of SCRAM-SHA-256 for the fake: user "user", password "pencil", the RFC 7677 salt.
struct FakeSCRAMSession {
    var isAuthenticated = false
    private var clientFirstBare = ""
    private var serverFirst = ""
    private let salt = Base64.decode("W22ZaJ0SNY7soEsUEjb6gQ==") ?? []

    mutating func step(_ body: BSONDocument) -> BSONDocument {
        let payload = String(decoding: body["payload"]?.binaryBytes ?? [], as: UTF8.self)
        if body["saslStart"] != nil {
            guard body["mechanism"] == .string("SCRAM-SHA-256"), payload.hasPrefix("n,,") else { return refuse() }
            clientFirstBare = String(payload.dropFirst(3))
            let fields = SCRAMSHA256.fields(clientFirstBare)
            guard fields["n"] == "user", let nonce = fields["r"] else { return refuse() }
            serverFirst = "r=\(nonce)SERVERNONCE,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096"
            return ["conversationId": .int32(1), "done": .bool(false),
                    "payload": .binary(subtype: 0, bytes: Array(serverFirst.utf8)), "ok": .double(1)]
        }
        guard let proofStart = payload.range(of: ",p=") else { return refuse() }
        let withoutProof = String(payload[..<proofStart.lowerBound])
        let proof = Base64.decode(String(payload[proofStart.upperBound...])) ?? []
        guard let salted = try? PBKDF2.deriveSHA256(password: Array("pencil".utf8), salt: salt, iterations: 4096, keyLength: 32)
        else { return refuse() }
        let authMessage = Array((clientFirstBare + "," + serverFirst + "," + withoutProof).utf8)
        let clientKey = HMACSHA256.authenticationCode(key: salted, message: Array("Client Key".utf8))
        let signature = HMACSHA256.authenticationCode(key: SHA256.hash(clientKey), message: authMessage)
        guard zip(clientKey, signature).map({ $0 ^ $1 }) == proof else { return refuse() }
        isAuthenticated = true
        let serverKey = HMACSHA256.authenticationCode(key: salted, message: Array("Server Key".utf8))
        let serverSignature = HMACSHA256.authenticationCode(key: serverKey, message: authMessage)
        return ["conversationId": .int32(1), "done": .bool(true),
                "payload": .binary(subtype: 0, bytes: Array(("v=" + Base64.encode(serverSignature)).utf8)), "ok": .double(1)]
    }

    private func refuse() -> BSONDocument {
        ["ok": .double(0), "code": .int32(18), "codeName": .string("AuthenticationFailed"), "errmsg": .string("Authentication failed.")]
    }
}
