#if canImport(Glibc)
import Glibc
#endif

/// The outcome of a non-blocking system call: it did some work, or it would have blocked (`EAGAIN`/`EWOULDBLOCK`).
package enum IOResult<Value: Sendable>: Sendable {
    case processed(Value)
    case wouldBlock
}

/// Thin wrappers over the raw system calls the event loops need (eventfd, close, thread identity, errno text).
///
/// The one place (with `SystemSocket`, `SystemThread` and `Epoll`) where `Net` touches C: it retries `EINTR`, maps
/// `EAGAIN` to `IOResult.wouldBlock`, throws `NetError.system` for failures that can come from outside, and traps on
/// errnos that can only mean a bug in this module (`EBADF`, `EFAULT`, `EINVAL` on a call we built), as NIO does.
/// Stateless; any thread.
package enum System {
    /// Text of `strerror(errno)`.
    package static func errorText(_ errno: Int32) -> String {
        guard let text = strerror(errno) else { return "unknown error" }
        return String(cString: text)
    }

    /// Runs `call` until it does not fail with `EINTR`; maps `EAGAIN` to `.wouldBlock`; throws other errnos.
    @inline(__always)
    package static func retrying<T: BinaryInteger & Sendable>(
        _ function: StaticString, _ call: () -> T
    ) throws(NetError) -> IOResult<T> {
        while true {
            let result = call()
            if result >= 0 { return .processed(result) }
            let code = errno
            switch code {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            case EBADF, EFAULT:
                preconditionFailure("\(function) failed with errno \(code): a bug in Net (bad descriptor or pointer)")
            default:
                throw NetError.system(function: "\(function)", errno: code)
            }
        }
    }

    /// Closes `descriptor`. `EINTR` on close is not retried (Linux closes the descriptor anyway).
    package static func close(_ descriptor: Int32) {
        let result = Glibc.close(descriptor)
        if result < 0 && errno == EBADF {
            preconditionFailure("close(\(descriptor)) failed with EBADF: descriptor closed twice")
        }
    }

    /// A non-blocking, close-on-exec eventfd used to wake a loop.
    package static func makeEventDescriptor() throws(NetError) -> Int32 {
        let descriptor = linuxEventDescriptor(0, LinuxConstants.nonBlocking | LinuxConstants.closeOnExec)
        guard descriptor >= 0 else { throw NetError.system(function: "eventfd", errno: errno) }
        return descriptor
    }

    /// Adds one to the eventfd counter (wakes the loop). A full counter (`EAGAIN`) already means "awake".
    package static func signalEventDescriptor(_ descriptor: Int32) {
        var one: UInt64 = 1
        while true {
            let written = withUnsafeBytes(of: &one) { Glibc.write(descriptor, $0.baseAddress, 8) }
            if written >= 0 || errno != EINTR { return }
        }
    }

    /// Resets the eventfd counter to zero.
    package static func drainEventDescriptor(_ descriptor: Int32) {
        var value: UInt64 = 0
        while true {
            let count = withUnsafeMutableBytes(of: &value) { Glibc.read(descriptor, $0.baseAddress, 8) }
            if count >= 0 || errno != EINTR { return }
        }
    }
}
