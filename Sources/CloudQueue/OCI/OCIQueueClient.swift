import Codecs
import HTTP
import TLS

/// A client of the OCI Queue messages API over HTTPS: PutMessages (batch), GetMessages (long poll, visibility,
/// limit), DeleteMessages (batch) and UpdateMessage (visibility), each request signed afresh
/// (`OCIRequestSigner`), limits checked before sending, and 429/409/5xx or transport failures retried with backoff
/// and jitter (`OCIRetryPolicy`). API: OCI Queue's messages API (PutMessages, GetMessages, DeleteMessages on `/20210201/queues/{id}/messages`).
///
/// Not thread-safe: one thread owns a client (the relay and the consumer each have their own). It keeps one
/// keep-alive TLS connection, opened on first use and reopened after any failure.
public final class OCIQueueClient {
    public let configuration: OCIQueueClientConfiguration
    private let context: TLSClientContext
    private var http: HTTPClient?
    /// How many HTTP requests were sent, retries included (for tests and metrics).
    public private(set) var requestsSent = 0

    /// - Throws: `TLSError.context` when the CA file cannot be loaded.
    public init(configuration: OCIQueueClientConfiguration) throws(TLSError) {
        self.configuration = configuration
        context = try TLSClientContext(configuration: configuration.tls)
    }

    deinit {
        http?.close()
    }

    /// Closes the connection; the next call reconnects.
    public func close() {
        http?.close()
        http = nil
    }

    /// PutMessages: appends `contents` (text; send binary as base64) and returns the service's message ids in order.
    /// Retried on 429/5xx: put an idempotency key inside each content, a retried batch may be stored twice.
    /// - Throws: `OCIQueueError`.
    @discardableResult
    public func put(_ contents: [String]) throws(OCIQueueError) -> [Int64] {
        try configuration.limits.checkPut(contents)
        let body = try encode(OCIQueueJSON.PutRequest(messages: contents.map { .init(content: $0) }))
        let response = try perform(.post, "\(configuration.endpoint.queuePath)/messages", body: body)
        let decoded = try decode(OCIQueueJSON.PutResponse.self, response)
        guard decoded.messages.count == contents.count else {
            throw .malformedResponse(detail: "\(decoded.messages.count) ids for \(contents.count) messages")
        }
        return decoded.messages.map(\.id)
    }

    /// GetMessages: up to `limit` messages, hidden from other consumers for `visibilitySeconds` (nil: the queue's
    /// default); waits up to `timeoutSeconds` for the first one (0: return at once). Empty when none arrived.
    /// - Throws: `OCIQueueError`.
    public func get(limit: Int = 1, visibilitySeconds: Int? = nil, timeoutSeconds: Int = 0) throws(OCIQueueError) -> [OCIQueueMessage] {
        let limits = configuration.limits
        try limits.check("limit", limit, 1, limits.maxMessagesPerGet)
        try limits.check("timeoutInSeconds", timeoutSeconds, 0, limits.maxPollTimeoutSeconds)
        var query = ""
        if let visibilitySeconds {
            try limits.check("visibilityInSeconds", visibilitySeconds, 0, limits.maxVisibilitySeconds)
            query += "visibilityInSeconds=\(visibilitySeconds)&"
        }
        query += "timeoutInSeconds=\(timeoutSeconds)&limit=\(limit)"
        let response = try perform(.get, "\(configuration.endpoint.queuePath)/messages?\(query)", body: [])
        return try decode(OCIQueueJSON.GetResponse.self, response).messages
    }

    /// DeleteMessages: deletes the deliveries named by `receipts` (at most `maxMessagesPerRequest`). Entries that
    /// failed on the server side are retried; the returned indices failed for good (a client failure such as an
    /// expired receipt: the message will be redelivered).
    /// - Throws: `OCIQueueError`.
    @discardableResult
    public func delete(receipts: [String]) throws(OCIQueueError) -> [Int: String] {
        guard receipts.count <= configuration.limits.maxMessagesPerRequest else {
            throw .batchTooLarge(limit: configuration.limits.maxMessagesPerRequest, actual: receipts.count)
        }
        var pending = Array(receipts.indices)
        var finalFailures: [Int: String] = [:]
        var round = 0
        while !pending.isEmpty {
            round += 1
            let body = try encode(OCIQueueJSON.DeleteRequest(entries: pending.map { .init(receipt: receipts[$0]) }))
            let response = try perform(.post, "\(configuration.endpoint.queuePath)/messages/actions/deleteMessages", body: body)
            let result = try decode(OCIQueueJSON.BatchResponse.self, response)
            guard result.entries.count == pending.count else {
                throw .malformedResponse(detail: "\(result.entries.count) results for \(pending.count) receipts")
            }
            var retry: [Int] = []
            for (entry, index) in zip(result.entries, pending) where entry.errorCode != nil || entry.errorMessage != nil {
                let code = entry.errorCode?.text ?? ""
                let isServerSide = code.hasPrefix("5") || code == "429" || code.contains("Internal") || code.contains("Unavailable")
                if isServerSide, round < configuration.retry.maxAttempts {
                    retry.append(index)
                } else {
                    finalFailures[index] = "\(code) \(entry.errorMessage ?? "")"
                }
            }
            if !retry.isEmpty { configuration.retry.sleep(configuration.retry.delay(beforeRetry: round)) }
            pending = retry
        }
        return finalFailures
    }

    /// UpdateMessage: makes the delivery invisible for `visibilitySeconds` more from now (extends a long job's
    /// lease; 0 releases it at once).
    /// - Throws: `OCIQueueError`; `.notAuthorizedOrNotFound` when the receipt is no longer valid.
    public func updateVisibility(receipt: String, visibilitySeconds: Int) throws(OCIQueueError) {
        let limits = configuration.limits
        try limits.check("visibilityInSeconds", visibilitySeconds, 0, limits.maxVisibilitySeconds)
        let body = try encode(OCIQueueJSON.UpdateRequest(visibilityInSeconds: visibilitySeconds))
        let target = "\(configuration.endpoint.queuePath)/messages/\(OCIQueueEndpoint.escapePathSegment(receipt))"
        _ = try perform(.put, target, body: body)
    }

    // MARK: - Requests

    /// The kept connection, opened (TCP + verified TLS) when there is none.
    func connectedClient() throws -> HTTPClient {
        if let http { return http }
        let endpoint = configuration.endpoint
        let client = try HTTPClient(host: endpoint.host, port: endpoint.port, timeout: configuration.tls.timeout,
                                    connector: TLSHTTPTransport.connector(context: context))
        http = client
        return client
    }

    func countRequest() {
        requestsSent += 1
    }

    private func encode(_ value: some Encodable) throws(OCIQueueError) -> [UInt8] {
        do { return try JSONCoding.encode(value) } catch { throw .malformedResponse(detail: "cannot encode request: \(error)") }
    }

    private func decode<T: Decodable>(_ type: T.Type, _ response: HTTPClientResponse) throws(OCIQueueError) -> T {
        do { return try JSONCoding.decode(type, from: response.body) } catch {
            throw .malformedResponse(detail: "\(error) in \(response.bodyText.prefix(200))")
        }
    }

    /// Signs and sends one request, retrying what `OCIRetryPolicy` allows; returns the 2xx response.
    func perform(_ method: HTTPMethod, _ target: String, body: [UInt8]) throws(OCIQueueError) -> HTTPClientResponse {
        let retry = configuration.retry
        var lastFailure = "no attempt"
        var delay: Duration?
        for attempt in 1...retry.maxAttempts {
            if let delay { retry.sleep(delay) }
            switch try attemptOnce(method, target, body: body) {
            case .success(let response):
                return response
            case .retry(let failure, let retryAfterSeconds):
                lastFailure = failure
                delay = retry.delay(beforeRetry: attempt, retryAfterSeconds: retryAfterSeconds)
            }
        }
        throw .retriesExhausted(attempts: retry.maxAttempts, lastFailure: lastFailure)
    }
}
