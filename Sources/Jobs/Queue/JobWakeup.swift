import Clocks
import Foundation

/// The condition idle workers wait on, signalled when a job is enqueued in this process (or on stop).
///
/// A generation counter under an `NSCondition`: a worker notes the generation before it claims and, finding nothing,
/// waits until the generation moves or its timeout passes, so an enqueue that lands during the claim is never missed
/// and idle workers do not spin. Shared by every worker thread and every enqueuing thread.
public final class JobWakeup: @unchecked Sendable {
    // Safety: `generation` is only read and written with `condition` locked; NSCondition is thread-safe.
    private let condition = NSCondition()
    private var generation: UInt64 = 0

    public init() {}

    /// The current generation, to pass to `wait(since:timeout:)`.
    public var currentGeneration: UInt64 {
        condition.lock()
        defer { condition.unlock() }
        return generation
    }

    /// Wakes every waiting worker.
    public func signal() {
        condition.lock()
        generation &+= 1
        condition.broadcast()
        condition.unlock()
    }

    /// Blocks until the generation differs from `seen` or `timeout` passes.
    public func wait(since seen: UInt64, timeout: Duration) {
        let deadline = Date(timeIntervalSinceNow: Double(timeout.wholeMilliseconds) / 1000)
        condition.lock()
        defer { condition.unlock() }
        while generation == seen {
            if !condition.wait(until: deadline) { return }
        }
    }
}
