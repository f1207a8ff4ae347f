/// Settings for TLS client connections: which certificate authorities to trust, the lowest protocol version, and the
/// timeout for connecting and for each read or write.
///
/// An immutable value; build one `TLSClientContext` from it and share that context across threads.
public struct TLSClientConfiguration: Sendable, Equatable {
    /// The lowest TLS version the client offers (TLS 1.0/1.1 are never allowed).
    public enum MinimumVersion: Sendable, Equatable {
        case tls12
        case tls13
    }

    /// A PEM file of trusted CA certificates; nil trusts the system store (`SSL_CTX_set_default_verify_paths`,
    /// which also honours `SSL_CERT_FILE`/`SSL_CERT_DIR`).
    public var caFile: String?
    /// The lowest protocol version offered.
    public var minimumVersion: MinimumVersion
    /// Bounds the TCP connect, the handshake and every later read or write (socket SO_RCVTIMEO/SO_SNDTIMEO).
    public var timeout: Duration

    public init(caFile: String? = nil, minimumVersion: MinimumVersion = .tls12, timeout: Duration = .seconds(10)) {
        self.caFile = caFile
        self.minimumVersion = minimumVersion
        self.timeout = timeout
    }
}
