import Crypto

/// A small MongoDB client for one job: find the writable primary, authenticate with SCRAM-SHA-256, and write batches
/// of idempotent upserts with write concern `majority`, retrying a retryable failure once.
///
/// Owned by one thread (the export job's worker) — it keeps one connection and reconnects after a failure. With a
/// replica set or mongos that supports sessions, every write command carries this client's `lsid` and a fresh
/// `txnNumber`, and a retry resends the same pair (retryable writes); against a standalone server the upserts keyed
/// by `_id` are idempotent by themselves.
public final class MongoClient {
    public let uri: MongoURI
    private let streamFactory: MongoStreamFactory
    private let resolver: (any SRVResolving)?
    private var connection: MongoConnection?
    private var resolvedSeeds: MongoURI?
    private let sessionID = SecureRandom.bytes(count: 16)
    private var transactionNumber: Int64 = 0
    /// The application name sent in the first `hello`.
    public var applicationName = "worldgame"

    /// - Parameters:
    ///   - streamFactory: opens plain TCP or TLS streams.
    ///   - resolver: resolves `mongodb+srv` seed lists (nil: such URIs fail).
    public init(uri: MongoURI, streamFactory: @escaping MongoStreamFactory = TCPMongoStream.factory,
                resolver: (any SRVResolving)? = nil) {
        self.uri = uri
        self.streamFactory = streamFactory
        self.resolver = resolver
    }

    /// The limits of the current primary (connecting first if needed).
    public func serverLimits() throws -> MongoServerLimits { try primaryConnection().limits }

    /// Closes the connection (the next call reconnects).
    public func close() {
        connection?.close()
        connection = nil
    }

    /// Upserts `documents` (each with an `_id`) as whole-document replacements into `database.collection`, in as few
    /// `update` commands as the server's limits allow.
    /// - Returns: how many documents the server matched or inserted.
    /// - Throws: `MongoError` (after one retry for retryable errors), or `MongoURIError`/`DNSError` while connecting.
    @discardableResult
    public func upsert(database: String, collection: String, documents: [BSONDocument]) throws -> MongoWriteSummary {
        guard !documents.isEmpty else { return MongoWriteSummary() }
        let limits = try primaryConnection().limits
        var statements: [(BSONDocument, Int)] = []
        for document in documents {
            let statement: BSONDocument = [
                "q": .document(["_id": document["_id"] ?? .null]), "u": .document(document),
                "upsert": .bool(true), "multi": .bool(false),
            ]
            let size: Int
            do { size = try BSONEncoder.encode(statement).count } catch { throw MongoError.encoding(error) }
            guard size <= limits.maxBSONObjectBytes + 16 * 1024 else {
                throw MongoError.documentTooLarge(limitBytes: limits.maxBSONObjectBytes, actualBytes: size)
            }
            statements.append((statement, size))
        }
        var summary = MongoWriteSummary()
        for batch in MongoBatcher.split(statements, limits: limits) {
            summary.add(try writeWithRetry(database: database, collection: collection, statements: batch))
        }
        return summary
    }

    private func writeWithRetry(database: String, collection: String,
                                statements: [BSONDocument]) throws -> MongoWriteSummary {
        var body: BSONDocument = [
            "update": .string(collection), "ordered": .bool(true), "writeConcern": .document(["w": .string("majority")]),
            "$db": .string(database),
        ]
        transactionNumber += 1
        let sequences = [OpMsg.DocumentSequence(identifier: "updates", documents: statements)]
        var attempt = 1
        while true {
            do {
                let connection = try primaryConnection()
                if connection.limits.supportsRetryableWrites && uri.retryWrites {
                    body["lsid"] = .document(["id": .binary(subtype: 4, bytes: sessionID)])
                    body["txnNumber"] = .int64(transactionNumber)
                } else {
                    body["lsid"] = nil
                    body["txnNumber"] = nil
                }
                return try MongoWriteSummary(reply: try connection.runCommand(body, sequences: sequences))
            } catch let error as MongoError where attempt == 1 && uri.retryWrites && (error.isRetryable || error.isDuplicateKey) {
                attempt += 1
                close()
            }
        }
    }

    /// The connection to the writable primary, opening one if needed.
    private func primaryConnection() throws -> MongoConnection {
        if let connection, !connection.isClosed { return connection }
        let seeds = try seedURI()
        var tried: [String] = []
        var queue = seeds.hosts
        while !queue.isEmpty {
            let host = queue.removeFirst()
            guard !tried.contains(where: { $0.hasPrefix(host.description + " ") }) else { continue }
            let candidate: MongoConnection
            do {
                candidate = try open(host, tls: seeds.usesTLS, timeout: seeds.connectTimeout)
            } catch {
                tried.append("\(host) (\(error))")
                continue
            }
            tried.append("\(host) (not the writable primary)")
            if candidate.limits.isWritablePrimary {
                if let username = seeds.username {
                    try MongoAuthenticator.authenticate(candidate, username: username, password: seeds.password ?? "",
                                                        source: seeds.authSource)
                }
                connection = candidate
                return candidate
            }
            candidate.close()
            if let primary = candidate.limits.primary, let host = try? MongoURI("mongodb://" + primary).hosts.first {
                queue.insert(host, at: 0)
            }
        }
        throw MongoError.noWritablePrimary(tried: tried)
    }

    private func open(_ host: MongoURI.Host, tls: Bool, timeout: Duration) throws -> MongoConnection {
        let stream = try streamFactory(host.name, host.port, tls, timeout)
        let connection = MongoConnection(address: host.description, stream: stream)
        let hello: BSONDocument = [
            "hello": .int32(1), "helloOk": .bool(true),
            "client": .document([
                "driver": .document(["name": .string("worldgame"), "version": .string("1")]),
                "os": .document(["type": .string("Linux")]),
                "application": .document(["name": .string(applicationName)]),
            ]),
            "$db": .string("admin"),
        ]
        try connection.adopt(hello: try connection.runCommand(hello))
        return connection
    }

    private func seedURI() throws -> MongoURI {
        if let resolvedSeeds { return resolvedSeeds }
        guard uri.isSRV else { return uri }
        guard let resolver else { throw MongoError.noWritablePrimary(tried: ["no DNS resolver for \(uri.hosts[0].name)"]) }
        let resolved = try SRVSeedList.resolve(uri, with: resolver)
        resolvedSeeds = resolved
        return resolved
    }
}

extension MongoError {
    /// DuplicateKey (11000): two concurrent upserts of one `_id` can race to it; one retry succeeds as an update.
    var isDuplicateKey: Bool {
        if case .writeError(_, 11000, _, _) = self { return true }
        return false
    }
}
