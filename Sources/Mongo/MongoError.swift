/// Why a MongoDB operation failed; each case carries what the operator or the retry logic needs.
///
/// `isRetryable` follows the retryable-writes specification: network errors, replies labelled
/// `RetryableWriteError`, and the retryable error codes (for servers that do not label).
public enum MongoError: Error, Equatable, Sendable {
    /// The connection failed or closed before a reply (`host` is "host:port").
    case network(host: String, reason: String)
    /// A malformed or unexpected message.
    case wireProtocol(host: String, WireProtocolError)
    /// A command answered `ok: 0`.
    case commandFailed(command: String, code: Int, codeName: String, message: String, labels: [String])
    /// Statements of a write failed (`ok: 1` with `writeErrors`); the first is reported.
    case writeError(index: Int, code: Int, message: String, failedCount: Int)
    /// The write was applied on the primary but the write concern was not satisfied.
    case writeConcernFailed(code: Int, message: String, labels: [String])
    /// SCRAM authentication failed or the server's proof did not match.
    case authenticationFailed(user: String, reason: String)
    /// The server speaks a wire version older than OP_MSG (6).
    case wireVersionTooOld(host: String, maxWireVersion: Int)
    /// None of the seeds is a writable primary.
    case noWritablePrimary(tried: [String])
    /// A single document is larger than the server's `maxBsonObjectSize`.
    case documentTooLarge(limitBytes: Int, actualBytes: Int)
    /// A document could not be encoded.
    case encoding(BSONError)
    /// TLS was asked for but this client was built without a TLS stream factory.
    case tlsUnavailable(host: String)

    /// Codes the retryable-writes specification retries once (HostUnreachable, HostNotFound, NetworkTimeout,
    /// ShutdownInProgress, PrimarySteppedDown, ExceededTimeLimit, SocketException, NotWritablePrimary,
    /// InterruptedAtShutdown, InterruptedDueToReplStateChange, NotPrimaryNoSecondaryOk, NotPrimaryOrSecondary).
    public static let retryableCodes: Set<Int> = [6, 7, 89, 91, 189, 262, 9001, 10107, 11600, 11602, 13435, 13436]

    /// Whether one retry (after re-selecting a primary) may succeed.
    public var isRetryable: Bool {
        switch self {
        case .network: true
        case .commandFailed(_, let code, _, _, let labels): labels.contains("RetryableWriteError") || Self.retryableCodes.contains(code)
        case .writeConcernFailed(let code, _, let labels):
            labels.contains("RetryableWriteError") || Self.retryableCodes.contains(code)
        default: false
        }
    }
}
