import COpenSSL

/// Helpers shared by the OpenSSL wrappers: borrowing collection bytes as a never-null pointer and reading the
/// thread-local OpenSSL error queue into a `CryptoError`.
///
/// Stateless; any thread may call (OpenSSL's error queue is per thread).
enum OpenSSLSupport {
    /// Calls `body` with the bytes of `bytes`, without copying when the collection is contiguous. The base address is
    /// never nil (OpenSSL treats some NULL inputs as "no argument" rather than "empty").
    static func withBytes<Result>(
        _ bytes: some Collection<UInt8>, _ body: (UnsafePointer<UInt8>, Int) -> Result
    ) -> Result {
        if let result = bytes.withContiguousStorageIfAvailable({ withNonNull($0, body) }) {
            return result
        }
        return Array(bytes).withUnsafeBufferPointer { withNonNull($0, body) }
    }

    private static func withNonNull<Result>(
        _ buffer: UnsafeBufferPointer<UInt8>, _ body: (UnsafePointer<UInt8>, Int) -> Result
    ) -> Result {
        if let baseAddress = buffer.baseAddress {
            return body(baseAddress, buffer.count)
        }
        var placeholder: UInt8 = 0
        return withUnsafePointer(to: &placeholder) { body($0, 0) }
    }

    /// Same as `withBytes`, with the pointer typed as C `char` (for password arguments).
    static func withCharacters<Result>(
        _ bytes: [UInt8], _ body: (UnsafePointer<CChar>, Int) -> Result
    ) -> Result {
        withBytes(bytes) { pointer, count in
            pointer.withMemoryRebound(to: CChar.self, capacity: max(count, 1)) { body($0, count) }
        }
    }

    /// The error for a failed call to `function`, built from the first entry of the thread's error queue, which it
    /// then clears so later calls start clean.
    static func error(calling function: String) -> CryptoError {
        let code = ERR_get_error()
        defer { ERR_clear_error() }
        guard code != 0 else { return .openSSL(function: function, reason: "no error recorded") }
        if let reason = ERR_reason_error_string(code) {
            return .openSSL(function: function, reason: String(cString: reason))
        }
        return .openSSL(function: function, reason: "error code \(code)")
    }
}
