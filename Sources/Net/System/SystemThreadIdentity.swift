#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A process-unique number for the calling thread, kept in a POSIX thread-specific slot.
///
/// Exists because ownership checks (a `Reader` bound to its event loop, the `Writer` thread) ask for it on every
/// read and write: `pthread_getspecific` is a few instructions, where Foundation's `Thread.current.threadDictionary`
/// cost about 15,000 per read (an `NSDictionary` lookup and a bridging cast). Numbers come from a counter and are
/// never reused, unlike `pthread_t` values, which a later thread may get again.
/// See https://pubs.opengroup.org/onlinepubs/9799919799/functions/pthread_getspecific.html .
package enum SystemThreadIdentity {
    private static let next = Atomic<Int>(1)

    /// The process-wide slot, created on first use. No destructor: the slot holds a plain number, not memory.
    private static let key: pthread_key_t = {
        var key: pthread_key_t = 0
        let result = pthread_key_create(&key, nil)
        // Only PTHREAD_KEYS_MAX (1024) keys exist per process and this is the only one we create: a failure is a bug.
        precondition(result == 0, "pthread_key_create failed with \(result)")
        return key
    }()

    /// The calling thread's number (1, 2, 3, ...), assigned on its first call.
    package static var current: Int {
        let key = Self.key
        if let stored = pthread_getspecific(key) { return Int(bitPattern: stored) }
        let identity = next.add(1, ordering: .relaxed).oldValue
        _ = pthread_setspecific(key, UnsafeRawPointer(bitPattern: identity))
        return identity
    }
}
