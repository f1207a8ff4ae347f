/// A reusable, thread-safe TLS client context: the trusted CA store and protocol settings, loaded once.
///
/// Loading the system CA store costs milliseconds, so build one context per configuration at start-up and open
/// every `TLSClientStream` from it. Immutable after `init`; any thread may use it.
public final class TLSClientContext: Sendable {
    /// The settings the context was built from.
    public let configuration: TLSClientConfiguration
    let openSSL: OpenSSLClientContext

    /// Builds the context.
    /// - Throws: `TLSError.context` when OpenSSL rejects a setting (for example an unreadable or invalid CA file).
    public init(configuration: TLSClientConfiguration = TLSClientConfiguration()) throws(TLSError) {
        self.configuration = configuration
        openSSL = try OpenSSLClientContext(configuration: configuration)
    }
}
