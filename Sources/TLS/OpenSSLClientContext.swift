import COpenSSL

/// The owner of one OpenSSL `SSL_CTX` set up for verifying TLS clients: trusted CAs loaded, `SSL_VERIFY_PEER`, the
/// minimum protocol version, and unexpected EOF treated as a clean close.
///
/// Exists so the C handle has exactly one owning Swift type; `TLSClientContext` shares it by reference.
final class OpenSSLClientContext: @unchecked Sendable {
    // Safety: the SSL_CTX is fully configured in init and never mutated afterwards. OpenSSL allows creating SSL
    // objects from one shared, no-longer-modified SSL_CTX on several threads at once (openssl-threads(7)); the
    // context's session cache and reference counts are protected by its own locks.
    let pointer: OpaquePointer

    /// `SSL_OP_IGNORE_UNEXPECTED_EOF` (OpenSSL 3 `SSL_OP_BIT(7)`, a function-like macro Swift cannot import): a peer
    /// that closes TCP without close_notify reads as end of stream. Callers frame their messages (HTTP
    /// content-length, MongoDB message length), so a truncation is still detected by them.
    private static let ignoreUnexpectedEOF: UInt64 = 1 << 7

    init(configuration: TLSClientConfiguration) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_client_method()) else {
            throw Self.contextError(calling: "SSL_CTX_new")
        }
        pointer = context
        let version = configuration.minimumVersion == .tls13 ? TLS1_3_VERSION : TLS1_2_VERSION
        guard SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(version), nil) == 1 else {
            throw Self.contextError(calling: "SSL_CTX_set_min_proto_version")
        }
        if let caFile = configuration.caFile {
            guard SSL_CTX_load_verify_file(context, caFile) == 1 else {
                throw Self.contextError(calling: "SSL_CTX_load_verify_file(\(caFile))")
            }
        } else {
            guard SSL_CTX_set_default_verify_paths(context) == 1 else {
                throw Self.contextError(calling: "SSL_CTX_set_default_verify_paths")
            }
        }
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        _ = SSL_CTX_set_options(context, Self.ignoreUnexpectedEOF)
    }

    deinit {
        SSL_CTX_free(pointer)
    }

    private static func contextError(calling function: String) -> TLSError {
        .context(function: function, reason: OpenSSLErrorQueue.takeReason())
    }
}

/// Reads and clears the calling thread's OpenSSL error queue.
///
/// Stateless; OpenSSL keeps one error queue per thread, so any thread may call.
enum OpenSSLErrorQueue {
    /// OpenSSL's reason string for the oldest queued error (all entries are then cleared), or `fallback` if the
    /// queue is empty.
    static func takeReason(fallback: String = "no error recorded") -> String {
        let code = ERR_get_error()
        defer { ERR_clear_error() }
        guard code != 0 else { return fallback }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
