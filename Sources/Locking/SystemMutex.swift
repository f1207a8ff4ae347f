import Glibc

/// A pthread mutex (`pthread_mutex_t`, default attributes): the lock under `Locked`.
///
/// Why not `Synchronization.Mutex`: on Linux that one is built on raw futex calls, which ThreadSanitizer cannot see,
/// so every value it guards is reported as a data race under `swift test --sanitize=thread`. TSan intercepts
/// `pthread_mutex_lock`/`unlock` and records their happens-before edges, so races it reports are real. Owns its
/// heap-allocated `pthread_mutex_t` (never moved after `pthread_mutex_init`) and destroys it in `deinit`. Any thread.
public final class SystemMutex: @unchecked Sendable {
    // Safety: the pthread mutex is the synchronisation primitive itself; its storage is allocated once, never moved,
    // and only touched through pthread calls, which are thread-safe.
    private let storage: UnsafeMutablePointer<pthread_mutex_t>

    public init() {
        storage = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        storage.initialize(to: pthread_mutex_t())
        let result = pthread_mutex_init(storage, nil)
        precondition(result == 0, "pthread_mutex_init failed: \(result)")  // only ENOMEM: not recoverable
    }

    deinit {
        pthread_mutex_destroy(storage)
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// Blocks until the calling thread holds the lock. Not recursive: locking it twice on one thread deadlocks.
    public func lock() {
        let result = pthread_mutex_lock(storage)
        precondition(result == 0, "pthread_mutex_lock failed: \(result)")  // EINVAL/EDEADLK: a programming error
    }

    /// Releases the lock held by the calling thread.
    public func unlock() {
        let result = pthread_mutex_unlock(storage)
        precondition(result == 0, "pthread_mutex_unlock failed: \(result)")  // EPERM: not the owner, a programming error
    }
}
