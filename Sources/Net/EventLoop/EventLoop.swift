import Locking
import Synchronization

/// One epoll loop on its own thread; owns its sockets and timers.
///
/// Any thread may `execute` work on it (a FIFO queue behind a `Locked`, woken by an eventfd). Everything else —
/// registrations, timers, the handlers' state — belongs to the loop thread and is checked with
/// `preconditionInEventLoop()`. Created and stopped by `EventLoopGroup`.
public final class EventLoop: Sendable {
    /// Position of this loop in its group (0-based); used as a label and to pick per-loop resources.
    public let index: Int

    private let threadID = Atomic<UInt>(0)
    private let queue = Locked(TaskQueue())
    private let wakeDescriptor: Int32
    let owned: EventLoopOwnedState

    /// Work handed to the loop from any thread.
    private struct TaskQueue: ~Copyable {
        var works: [@Sendable () -> Void] = []
        var wakePending = false
        var isStopping = false
        var isStopped = false
    }

    init(index: Int) throws(NetError) {
        self.index = index
        wakeDescriptor = try System.makeEventDescriptor()
        do {
            owned = EventLoopOwnedState(epoll: try Epoll())
            try owned.epoll.add(wakeDescriptor, interest: .readable, token: EventLoopOwnedState.wakeToken)
        } catch {
            System.close(wakeDescriptor)
            throw error
        }
    }

    deinit { System.close(wakeDescriptor) }

    /// Whether the caller runs on this loop's thread.
    public var inEventLoop: Bool {
        threadID.load(ordering: .relaxed) == SystemThread.currentID
    }

    /// Traps unless called on this loop's thread (a programming error).
    public func preconditionInEventLoop(file: StaticString = #fileID, line: UInt = #line) {
        precondition(inEventLoop, "must be called on event loop \(index)", file: file, line: line)
    }

    /// Runs `work` on the loop thread soon (any thread may call; eventfd wake; FIFO).
    /// Work submitted after the loop stopped is dropped.
    public func execute(_ work: @escaping @Sendable () -> Void) {
        let mustWake = queue.withLock { queue -> Bool in
            guard !queue.isStopped else { return false }
            queue.works.append(work)
            if queue.wakePending { return false }
            queue.wakePending = true
            return true
        }
        if mustWake && !inEventLoop { System.signalEventDescriptor(wakeDescriptor) }
    }

    /// Loop thread only. Runs `work` on the loop after `delay` (monotonic clock). Timers due at the same instant fire
    /// in scheduling order.
    @discardableResult
    public func scheduleTimer(after delay: Duration, _ work: @escaping @Sendable () -> Void) -> TimerHandle {
        preconditionInEventLoop()
        return owned.timers.schedule(at: ContinuousClock.now + delay, work)
    }

    /// Loop thread only. Like `scheduleTimer`, for loop-owned objects whose closures need not be `Sendable`
    /// (they run on this same thread).
    @discardableResult
    package func scheduleLoopTimer(after delay: Duration, _ work: @escaping () -> Void) -> TimerHandle {
        preconditionInEventLoop()
        return owned.timers.schedule(at: ContinuousClock.now + delay, work)
    }

    /// Loop thread only. Cancels a timer that has not fired yet; other handles are ignored.
    public func cancelTimer(_ handle: TimerHandle) {
        preconditionInEventLoop()
        owned.timers.cancel(handle)
    }

    /// Asks the loop to finish: it runs the work already queued, closes what is still registered and returns.
    func requestStop() {
        queue.withLock { $0.isStopping = true }
        System.signalEventDescriptor(wakeDescriptor)
    }

    /// The loop body; runs on the loop's own thread until `requestStop`.
    func run() {
        threadID.store(SystemThread.currentID, ordering: .relaxed)
        while true {
            let timeout = waitTimeoutMilliseconds()
            do {
                try owned.epoll.wait(timeoutMilliseconds: timeout) { token, events in
                    dispatch(token: token, events: events)
                }
            } catch {
                // epoll_wait only fails on a broken epoll descriptor; keep the loop alive and visible.
                preconditionFailure("event loop \(index): \(error)")
            }
            runExpiredTimers()
            if runQueuedWork() { break }
        }
        owned.closeAll()
    }

    private func dispatch(token: UInt64, events: SelectableEvents) {
        if token == EventLoopOwnedState.wakeToken {
            System.drainEventDescriptor(wakeDescriptor)
            return
        }
        owned.handler(for: token)?.selectableReady(events)
    }

    private func waitTimeoutMilliseconds() -> Int32 {
        let hasWork = queue.withLock { queue -> Bool in
            if !queue.works.isEmpty || queue.isStopping { return true }
            queue.wakePending = false
            return false
        }
        if hasWork { return 0 }
        guard let deadline = owned.timers.nextDeadline() else { return -1 }
        let remaining = deadline - ContinuousClock.now
        if remaining <= .zero { return 0 }
        let (seconds, attoseconds) = remaining.components
        let milliseconds = seconds * 1_000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: milliseconds)
    }

    private func runExpiredTimers() {
        let now = ContinuousClock.now
        while let work = owned.timers.popExpired(now: now) { work() }
    }

    /// Runs the queued work; returns true when the loop must stop (stop requested and nothing left to run).
    private func runQueuedWork() -> Bool {
        while true {
            // The two arrays trade places: copying the queue's array and emptying it there allocated a new buffer on
            // every wake-up (the copy kept the old one shared).
            var works = owned.runningWorks
            owned.runningWorks = []
            let isStopping = queue.withLock { queue in
                swap(&works, &queue.works)
                if queue.isStopping && works.isEmpty { queue.isStopped = true }
                return queue.isStopping
            }
            for work in works { work() }
            let ranNothing = works.isEmpty
            works.removeAll(keepingCapacity: true)
            owned.runningWorks = works
            if !isStopping { return false }
            if ranNothing { return true }
        }
    }
}
