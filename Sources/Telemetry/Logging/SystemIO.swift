import Glibc

/// The Telemetry module's only C calls: `write(2)` for log lines and `getrusage(2)` for CPU time.
///
/// Kept in one `System*` file, as STYLE.md asks for syscalls (the Net module's `System*.swift` habit), so the rest of the
/// module has no pointers or errno. Stateless; any thread may call it.
enum SystemIO {
    /// Lines up to this size reach a pipe in one piece when written with a single `write(2)` (POSIX `PIPE_BUF`; 4096 on Linux).
    static let atomicPipeWriteBytes = Int(PIPE_BUF)

    /// Writes all of `bytes` to `fileDescriptor`, retrying `EINTR` and partial writes.
    ///
    /// Returns false if the descriptor refused the data (closed pipe, full non-blocking pipe, bad descriptor): the caller
    /// drops the rest of the line rather than crash or spin.
    static func writeAll(_ bytes: [UInt8], to fileDescriptor: Int32) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fileDescriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written > 0 {
                    offset += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    return false
                }
            }
            return true
        }
    }

    /// User plus system CPU time consumed by this process so far, in seconds; nil if the kernel refused.
    static func processCPUSeconds() -> Double? {
        var usage = rusage()
        guard getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage) == 0 else { return nil }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1_000_000 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }
}
