/// Why a TLS client operation failed.
///
/// Cases carry the facts an operator needs (host, the OpenSSL function and its error string, the certificate
/// verification result) and never any key material or application data.
public enum TLSError: Error, Equatable, Sendable {
    /// Building the client context failed, for example an unreadable or invalid CA file.
    case context(function: String, reason: String)
    /// The TCP connection could not be opened (`reason` is the socket error).
    case connectFailed(host: String, port: Int, reason: String)
    /// The peer's certificate chain or name was rejected (`reason` is OpenSSL's verification error string, such as
    /// `"unable to get local issuer certificate"` or `"hostname mismatch"`).
    case certificateRejected(host: String, reason: String)
    /// The handshake failed for another reason (protocol version, alert from the peer, connection reset).
    case handshakeFailed(host: String, function: String, reason: String)
    /// A read, write or connect did not complete within the configured timeout.
    case timedOut(operation: String)
    /// A read or write failed after the handshake; `reason` is OpenSSL's error string or the errno text.
    case io(function: String, reason: String)
    /// The stream was closed by `close()` before the operation.
    case closed
}

extension TLSError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .context(let function, let reason): "TLS context setup failed in \(function): \(reason)"
        case .connectFailed(let host, let port, let reason): "TCP connect to \(host):\(port) failed: \(reason)"
        case .certificateRejected(let host, let reason): "certificate of \(host) rejected: \(reason)"
        case .handshakeFailed(let host, let function, let reason): "TLS handshake with \(host) failed in \(function): \(reason)"
        case .timedOut(let operation): "TLS \(operation) timed out"
        case .io(let function, let reason): "TLS \(function) failed: \(reason)"
        case .closed: "TLS stream is closed"
        }
    }
}
