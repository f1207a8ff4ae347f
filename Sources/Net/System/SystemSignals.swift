import Glibc

/// Process-wide signal handling for the server: termination signals are blocked in every thread and received
/// synchronously by the main thread with `sigwait`, so no handler ever runs in async-signal context.
///
/// Call `blockTerminationSignals()` before any other thread exists: threads inherit the mask.
public enum ProcessSignals {
    /// Blocks SIGTERM and SIGINT in the calling thread (and threads it creates later) and ignores SIGPIPE.
    public static func blockTerminationSignals() {
        var set = terminationSet()
        pthread_sigmask(SIG_BLOCK, &set, nil)
        ignoreBrokenPipe()
    }

    /// Ignores SIGPIPE process-wide: a write to a closed socket or pipe then fails with EPIPE instead of killing us.
    public static func ignoreBrokenPipe() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Waits for SIGTERM or SIGINT; returns its number.
    public static func waitForTerminationSignal() -> Int32 {
        var set = terminationSet()
        var received: Int32 = 0
        while sigwait(&set, &received) != 0 {}
        return received
    }

    /// Waits up to `timeout` for SIGTERM or SIGINT; returns its number, or nil when the time ran out.
    public static func waitForTerminationSignal(timeout: Duration) -> Int32? {
        var set = terminationSet()
        let components = timeout.components
        var remaining = timespec(tv_sec: Int(components.seconds), tv_nsec: Int(components.attoseconds / 1_000_000_000))
        while true {
            let received = sigtimedwait(&set, nil, &remaining)
            if received > 0 { return received }
            if errno == EINTR { continue }
            return nil
        }
    }

    /// Ends the process at once with `code`, without running exit handlers (the hard stop after a missed deadline).
    public static func hardExit(_ code: Int32) -> Never {
        _exit(code)
    }

    private static func terminationSet() -> sigset_t {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGTERM)
        sigaddset(&set, SIGINT)
        return set
    }
}
