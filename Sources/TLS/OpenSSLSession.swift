#if canImport(Glibc)
import Glibc
#endif
import COpenSSL

/// The owner of one OpenSSL `SSL` client connection bound to a connected, blocking socket descriptor: peer
/// verification against the context's CAs, hostname (or IP address) verification, SNI, the handshake, and record
/// reads and writes.
///
/// Owned by one `TLSClientStream` and driven by one thread at a time (an `SSL` object is not safe for concurrent use).
/// The descriptor stays owned by the stream's `SystemBlockingSocket`; this type never closes it.
final class OpenSSLSession {
    private let pointer: OpaquePointer
    /// Keeps the `SSL_CTX` alive for as long as the `SSL` refers to it.
    private let context: OpenSSLClientContext
    private let serverName: String

    /// Creates the connection state; no bytes are exchanged until `handshake()`.
    init(context: OpenSSLClientContext, fileDescriptor: Int32, serverName: String) throws(TLSError) {
        ERR_clear_error()
        guard let ssl = SSL_new(context.pointer) else {
            throw .context(function: "SSL_new", reason: OpenSSLErrorQueue.takeReason())
        }
        pointer = ssl
        self.context = context
        self.serverName = serverName
        guard SSL_set_fd(ssl, fileDescriptor) == 1 else {
            throw .context(function: "SSL_set_fd", reason: OpenSSLErrorQueue.takeReason())
        }
        try configurePeerName(serverName)
    }

    deinit {
        SSL_free(pointer)
    }

    /// Names the peer to verify: an IP address is matched against the certificate's IP SANs (and sends no SNI, as
    /// RFC 6066 §3 requires); a DNS name against its DNS SANs, and it is sent as SNI.
    private func configurePeerName(_ name: String) throws(TLSError) {
        if Self.isIPAddress(name) {
            guard X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(pointer), name) == 1 else {
                throw .context(function: "X509_VERIFY_PARAM_set1_ip_asc", reason: OpenSSLErrorQueue.takeReason())
            }
            return
        }
        guard SSL_set1_host(pointer, name) == 1 else {
            throw .context(function: "SSL_set1_host", reason: OpenSSLErrorQueue.takeReason())
        }
        let status = name.withCString { hostName in
            SSL_ctrl(pointer, SSL_CTRL_SET_TLSEXT_HOSTNAME, Int(TLSEXT_NAMETYPE_host_name), UnsafeMutableRawPointer(mutating: hostName))
        }
        guard status == 1 else {
            throw .context(function: "SSL_set_tlsext_host_name", reason: OpenSSLErrorQueue.takeReason())
        }
    }

    private static func isIPAddress(_ name: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, name, &v4) == 1 || inet_pton(AF_INET6, name, &v6) == 1
    }

    /// Runs the TLS handshake, verifying the peer's chain and name.
    func handshake() throws(TLSError) {
        ERR_clear_error()
        let result = SSL_connect(pointer)
        if result == 1 { return }
        let verifyResult = SSL_get_verify_result(pointer)
        if verifyResult != X509_V_OK {
            ERR_clear_error()
            let reason = X509_verify_cert_error_string(verifyResult).map { String(cString: $0) } ?? "code \(verifyResult)"
            throw .certificateRejected(host: serverName, reason: reason)
        }
        switch classify(result, function: "SSL_connect") {
        case .timedOut: throw .timedOut(operation: "handshake")
        case .endOfStream: throw .handshakeFailed(host: serverName, function: "SSL_connect", reason: "peer closed the connection")
        case .failed(_, let reason): throw .handshakeFailed(host: serverName, function: "SSL_connect", reason: reason)
        }
    }

    /// The negotiated protocol, for example `"TLSv1.3"`.
    var protocolVersion: String {
        SSL_get_version(pointer).map { String(cString: $0) } ?? "unknown"
    }

    /// Reads up to `maxBytes` of application data; empty at the end of the stream.
    func read(maxBytes: Int) throws(TLSError) -> [UInt8] {
        ERR_clear_error()
        var readCount = 0
        var status: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: max(1, maxBytes)) { buffer, count in
            status = SSL_read_ex(pointer, buffer.baseAddress, buffer.count, &readCount)
            count = status == 1 ? readCount : 0
        }
        if status == 1 { return bytes }
        switch classify(status, function: "SSL_read") {
        case .endOfStream: return []
        case .timedOut: throw .timedOut(operation: "read")
        case .failed(let function, let reason): throw .io(function: function, reason: reason)
        }
    }

    /// Writes all of `bytes` (SSL_MODE_AUTO_RETRY and blocking I/O: a short write only happens on error).
    func write(_ bytes: [UInt8]) throws(TLSError) {
        var offset = 0
        while offset < bytes.count {
            ERR_clear_error()
            var written = 0
            let status = bytes.withUnsafeBytes { buffer in
                SSL_write_ex(pointer, buffer.baseAddress.map { $0 + offset }, buffer.count - offset, &written)
            }
            if status == 1 {
                offset += written
                continue
            }
            switch classify(status, function: "SSL_write") {
            case .timedOut: throw .timedOut(operation: "write")
            case .endOfStream: throw .io(function: "SSL_write", reason: "peer closed the connection")
            case .failed(let function, let reason): throw .io(function: function, reason: reason)
            }
        }
    }

    /// Sends close_notify without waiting for the peer's (a one-way shutdown is enough before closing TCP).
    func shutdown() {
        ERR_clear_error()
        _ = SSL_shutdown(pointer)
        ERR_clear_error()
    }

    /// What a failed SSL call means.
    private enum Failure {
        case endOfStream
        case timedOut
        case failed(function: String, reason: String)
    }

    private func classify(_ result: Int32, function: String) -> Failure {
        let code = errno
        switch SSL_get_error(pointer, result) {
        case SSL_ERROR_ZERO_RETURN:
            return .endOfStream
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE:
            ERR_clear_error()
            return .timedOut
        case SSL_ERROR_SYSCALL:
            let reason = OpenSSLErrorQueue.takeReason(fallback: "")
            if !reason.isEmpty { return .failed(function: function, reason: reason) }
            if code == EAGAIN || code == EWOULDBLOCK { return .timedOut }
            if code == 0 { return .endOfStream }
            return .failed(function: function, reason: String(cString: strerror(code)))
        default:
            return .failed(function: function, reason: OpenSSLErrorQueue.takeReason())
        }
    }
}
