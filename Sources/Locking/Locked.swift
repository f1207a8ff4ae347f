/// A value guarded by a lock, with the API of `Synchronization.Mutex` (`Locked(initial)`, `withLock { $0 ... }`).
///
/// The house lock for small shared state (counters, maps of handles, a worker's queue). It exists so that
/// ThreadSanitizer understands our locking: it is backed by `SystemMutex` (a pthread mutex, which TSan intercepts)
/// instead of the futex-based `Mutex`, whose critical sections TSan cannot see. As with `Mutex`, never hold it across
/// a blocking call, a `sqlite3_step`, an fsync, a callback or an `await`: copy out, unlock, then act. Any thread.
public final class Locked<Value: ~Copyable>: @unchecked Sendable {
    // Safety: `value` is read and written only inside `withLock`, with `mutex` held.
    private let mutex = SystemMutex()
    // Safety (unchecked exclusivity): the mutex already makes each access exclusive: only `withLock` touches `value`,
    // one thread at a time, and a nested `withLock` on the same lock from inside `body` would deadlock before it could
    // overlap. The run-time check only repeated that, at about 70 instructions a call (ten calls per request on an
    // event loop).
    @exclusivity(unchecked) private var value: Value

    public init(_ initialValue: consuming Value) {
        value = initialValue
    }

    /// Runs `body` with exclusive access to the value and returns its result.
    public func withLock<Result, E: Error>(_ body: (inout Value) throws(E) -> Result) throws(E) -> Result {
        mutex.lock()
        defer { mutex.unlock() }
        return try body(&value)
    }
}
