/// One connection to one server: frames OP_MSG requests, reads exactly one reply per request, and remembers what the
/// server's `hello` said.
///
/// Owned by one thread (the export worker) for its whole life; not shared. Any I/O or framing failure closes it, so a
/// caller never reads a stale reply.
public final class MongoConnection {
    /// "host:port", for errors and logs.
    public let address: String
    public private(set) var limits = MongoServerLimits.beforeHello
    private let stream: any MongoByteStream
    private var nextRequestID: Int32 = 1
    private var buffer: [UInt8] = []
    public private(set) var isClosed = false

    public init(address: String, stream: any MongoByteStream) {
        self.address = address
        self.stream = stream
    }

    deinit { stream.close() }

    /// Sends one command and returns its reply body, throwing for `ok: 0`.
    /// - Throws: `MongoError.network`, `.wireProtocol`, `.encoding`, or `.commandFailed`.
    public func runCommand(_ body: BSONDocument, sequences: [OpMsg.DocumentSequence] = []) throws(MongoError) -> BSONDocument {
        let reply = try roundTrip(body, sequences: sequences)
        guard reply["ok"]?.boolValue == true else {
            throw .commandFailed(
                command: body.keys.first ?? "", code: Int(reply["code"]?.integerValue ?? 0),
                codeName: reply["codeName"]?.stringValue ?? "", message: reply["errmsg"]?.stringValue ?? "",
                labels: (reply["errorLabels"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        return reply
    }

    /// Records the server's `hello` reply (its limits bound every later message).
    public func adopt(hello reply: BSONDocument) throws(MongoError) {
        limits = MongoServerLimits(hello: reply)
        guard limits.maxWireVersion >= 6 else {
            close()
            throw .wireVersionTooOld(host: address, maxWireVersion: limits.maxWireVersion)
        }
    }

    /// Closes the stream; later calls fail with a network error.
    public func close() {
        isClosed = true
        stream.close()
    }

    private func roundTrip(_ body: BSONDocument, sequences: [OpMsg.DocumentSequence]) throws(MongoError) -> BSONDocument {
        guard !isClosed else { throw .network(host: address, reason: "connection closed") }
        let requestID = nextRequestID
        nextRequestID = nextRequestID == Int32.max ? 1 : nextRequestID + 1
        let bytes: [UInt8]
        do { bytes = try OpMsg(requestID: requestID, body: body, sequences: sequences).encode() } catch {
            throw .encoding(error)
        }
        guard bytes.count <= limits.maxMessageBytes else {
            throw .documentTooLarge(limitBytes: limits.maxMessageBytes, actualBytes: bytes.count)
        }
        do {
            try stream.send(bytes)
            let reply = try readMessage()
            guard reply.responseTo == requestID else {
                throw MongoError.wireProtocol(host: address, .responseToMismatch(expected: requestID, actual: reply.responseTo))
            }
            return reply.body
        } catch let error as MongoError {
            close()
            throw error
        } catch {
            close()
            throw .network(host: address, reason: String(describing: error))
        }
    }

    private func readMessage() throws -> OpMsg {
        try fill(16)
        let length: Int
        do { length = try OpMsg.announcedLength(header: Array(buffer[0..<16]), maxMessageBytes: limits.maxMessageBytes) } catch {
            throw MongoError.wireProtocol(host: address, error)
        }
        try fill(length)
        let frame = Array(buffer[0..<length])
        buffer.removeFirst(length)
        do { return try OpMsg.parse(frame, maxMessageBytes: limits.maxMessageBytes) } catch {
            throw MongoError.wireProtocol(host: address, error)
        }
    }

    private func fill(_ count: Int) throws {
        while buffer.count < count {
            let chunk = try stream.receive(maxBytes: max(65_536, count - buffer.count))
            guard !chunk.isEmpty else { throw MongoError.network(host: address, reason: "server closed the connection") }
            buffer += chunk
        }
    }
}
