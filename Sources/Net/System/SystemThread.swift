#if canImport(Glibc)
import CLinux
import Glibc
#endif

/// A joinable POSIX thread running one closure (an event loop's body).
///
/// Loops run on plain threads, never on a task pool. Created and joined by its `EventLoopGroup`; `join` may be called
/// from any thread except the thread itself, once.
package final class SystemThread: Sendable {
    // Safety: `pthread_t` is a plain integer on Linux; it is written once in `init` and only read afterwards.
    nonisolated(unsafe) private var handle: pthread_t = 0

    /// Starts a thread named `name` (truncated to the 15 bytes Linux allows) running `body`.
    package init(name: String, body: @escaping @Sendable () -> Void) throws(NetError) {
        let box = Unmanaged.passRetained(ThreadBody(name: name, body: body))
        var thread: pthread_t = 0
        let result = pthread_create(&thread, nil, { argument in
            guard let argument else { return nil }
            let threadBody = Unmanaged<ThreadBody>.fromOpaque(argument).takeRetainedValue()
            SystemThread.nameCurrent(threadBody.name)
            threadBody.body()
            return nil
        }, box.toOpaque())
        guard result == 0 else {
            box.release()
            throw NetError.system(function: "pthread_create", errno: result)
        }
        handle = thread
    }

    /// Gives the calling thread the kernel name `name`, truncated to the 15 bytes Linux allows (`top -H`, `ps -L`,
    /// `/proc/PID/task/*/comm`). Foundation's `Thread.name` does not reach the kernel for longer names.
    package static func nameCurrent(_ name: String) {
        _ = pthread_setname_np(pthread_self(), String(name.utf8.prefix(15)) ?? "worldgame")
    }

    /// Waits for the thread to finish.
    package func join() {
        precondition(pthread_equal(handle, pthread_self()) == 0, "a thread cannot join itself")
        _ = pthread_join(handle, nil)
    }

    /// Whether the caller runs on this thread.
    package var isCurrent: Bool { pthread_equal(handle, pthread_self()) != 0 }

    /// An identifier of the calling thread, comparable with `==` (the `pthread_t` value).
    package static var currentID: UInt { UInt(pthread_self()) }
}

/// The closure and name handed to a new thread (retained across `pthread_create`).
private final class ThreadBody: Sendable {
    let name: String
    let body: @Sendable () -> Void
    init(name: String, body: @escaping @Sendable () -> Void) {
        self.name = name
        self.body = body
    }
}
