/// Why an OCI Queue call failed.
///
/// Cases carry what an operator needs to act: the HTTP status, OCI's error `code` and `message`, and the
/// `opc-request-id` to quote to Oracle support. Never a key, a signature or a message's content.
public enum OCIQueueError: Error, Equatable, Sendable, CustomStringConvertible {
    /// One message is larger than the service accepts (checked before sending).
    case messageTooLarge(index: Int, limitBytes: Int, actualBytes: Int)
    /// A batch has more entries than one request may carry (checked before sending).
    case batchTooLarge(limit: Int, actual: Int)
    /// A PutMessages batch is larger in total than one request may carry (checked before sending).
    case batchBytesTooLarge(limitBytes: Int, actualBytes: Int)
    /// A parameter is outside the range the service documents (checked before sending).
    case parameterOutOfRange(name: String, value: Int, lowest: Int, highest: Int)
    /// 401: the signature was refused (wrong key or fingerprint, missing signed header, clock skew over 5 minutes).
    case notAuthenticated(code: String, message: String, requestID: String?)
    /// 404: the queue does not exist or the user may not use it (OCI does not tell which), or a receipt is gone.
    case notAuthorizedOrNotFound(code: String, message: String, requestID: String?)
    /// Another 4xx: the request itself is wrong; retrying does not help.
    case rejected(status: Int, code: String, message: String, requestID: String?)
    /// Every attempt failed with a retryable status (429, 409, 5xx) or a transport error.
    case retriesExhausted(attempts: Int, lastFailure: String)
    /// The response body is not what the API documents.
    case malformedResponse(detail: String)
    /// The request could not be signed (OpenSSL failure).
    case signingFailed(reason: String)
    /// The TLS connection was refused for a reason retrying cannot fix (untrusted or mismatched certificate).
    case tlsFailed(reason: String)
    /// The configured endpoint is not an `https://host[:port]` URL.
    case invalidEndpoint(String)

    public var description: String {
        switch self {
        case .messageTooLarge(let index, let limit, let actual): "message \(index) is \(actual) bytes, over the \(limit)-byte limit"
        case .batchTooLarge(let limit, let actual): "batch of \(actual) entries, over the limit of \(limit)"
        case .batchBytesTooLarge(let limit, let actual): "batch of \(actual) bytes, over the \(limit)-byte limit"
        case .parameterOutOfRange(let name, let value, let lowest, let highest): "\(name)=\(value) outside \(lowest)...\(highest)"
        case .notAuthenticated(let code, let message, let requestID):
            "401 \(code): \(message) (opc-request-id \(requestID ?? "none")); check the key, fingerprint and clock"
        case .notAuthorizedOrNotFound(let code, let message, let requestID):
            "404 \(code): \(message) (opc-request-id \(requestID ?? "none")); check the queue OCID, endpoint and policies"
        case .rejected(let status, let code, let message, let requestID):
            "\(status) \(code): \(message) (opc-request-id \(requestID ?? "none"))"
        case .retriesExhausted(let attempts, let last): "gave up after \(attempts) attempts; last failure: \(last)"
        case .malformedResponse(let detail): "malformed response: \(detail)"
        case .signingFailed(let reason): "cannot sign the request: \(reason)"
        case .tlsFailed(let reason): "TLS failed: \(reason)"
        case .invalidEndpoint(let text): "invalid messages endpoint '\(text)' (expected https://host[:port])"
        }
    }
}
