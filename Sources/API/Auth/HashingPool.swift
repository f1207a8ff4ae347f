import Dispatch
import Foundation
import Locking

/// Why the hashing pool refused work.
public enum HashingPoolError: Error, Equatable, Sendable {
    /// `limit` jobs are already waiting: answer 503 with `Retry-After` rather than queue without bound.
    case queueFull(limit: Int)
    /// The pool is shutting down.
    case stopped
}

/// A small, bounded pool of plain threads for password hashing, which is slow on purpose and must never run on an
/// event loop or inside a writer command.
///
/// Any thread enqueues; the pool's own threads ("worldgame-hash-N") run the work in FIFO order. The queue sits behind a
/// `Locked` (never held while work runs) and a counting semaphore wakes idle threads. Work reports back through the
/// request's `Responder` or a domain service, both thread-safe.
public final class HashingPool: Sendable {
    private struct State {
        /// Taken slots are set to nil at once: a finished job's closure (it captures the request's environment)
        /// must not stay referenced from the pool until the next compaction (a reference cycle after `shutdown`).
        var queue: [(@Sendable () -> Void)?] = []
        var head = 0
        var isStopped = false
        var waiting: Int { queue.count - head }
    }

    public let queueLimit: Int
    public let threadCount: Int
    private let state = Locked(State())
    private let available = DispatchSemaphore(value: 0)
    private let finished = DispatchGroup()

    /// Starts `threadCount` threads; at most `queueLimit` jobs wait at once.
    public init(threadCount: Int = 2, queueLimit: Int = 64, threadNamePrefix: String = "worldgame-hash") {
        self.threadCount = max(1, threadCount)
        self.queueLimit = max(1, queueLimit)
        for index in 0..<self.threadCount {
            finished.enter()
            let thread = Thread { [self] in
                runWorker()
                finished.leave()
            }
            thread.name = "\(threadNamePrefix)-\(index)"
            thread.start()
        }
    }

    /// Queues `work` for a pool thread.
    /// - Throws: `.queueFull` when `queueLimit` jobs wait, `.stopped` after `shutdown()`.
    public func enqueue(_ work: @escaping @Sendable () -> Void) throws(HashingPoolError) {
        let refusal: HashingPoolError? = state.withLock { state in
            if state.isStopped { return .stopped }
            if state.waiting >= queueLimit { return .queueFull(limit: queueLimit) }
            state.queue.append(work)
            return nil
        }
        if let refusal { throw refusal }
        available.signal()
    }

    /// Jobs waiting for a thread.
    public var queuedCount: Int { state.withLock { $0.waiting } }

    /// Stops accepting, lets the threads finish what is queued, and joins them. Idempotent; blocks.
    public func shutdown() {
        let wasStopped = state.withLock { state in
            defer { state.isStopped = true }
            return state.isStopped
        }
        if !wasStopped {
            for _ in 0..<threadCount { available.signal() }
        }
        finished.wait()
    }

    private func runWorker() {
        while true {
            available.wait()
            let next: (@Sendable () -> Void)?? = state.withLock { state in
                guard state.head < state.queue.count else { return state.isStopped ? .some(nil) : .none }
                let work = state.queue[state.head]
                state.queue[state.head] = nil
                state.head += 1
                if state.head > 64, state.head * 2 > state.queue.count {
                    state.queue.removeFirst(state.head)
                    state.head = 0
                }
                return work == nil ? .none : .some(work)
            }
            switch next {
            case .some(.some(let work)): work()
            case .some(.none): return
            case .none: continue
            }
        }
    }
}
