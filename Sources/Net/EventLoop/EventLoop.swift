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
        var now = ContinuousClock.now
        var isNowCurrent = true
        while true {
            let timeout = waitTimeoutMilliseconds(now: isNowCurrent ? now : nil)
            do {
                try owned.epoll.wait(timeoutMilliseconds: timeout) { token, events in
                    dispatch(token: token, events: events)
                }
            } catch {
                // epoll_wait only fails on a broken epoll descriptor; keep the loop alive and visible.
                preconditionFailure("event loop \(index): \(error)")
            }
            now = ContinuousClock.now
            let firedTimers = runExpiredTimers(now: now)
            let queued = runQueuedWork()
            if queued.mustStop { break }
            // The read above also serves the next wait's timeout when nothing ran after it (a read costs about 350
            // instructions; a bid's wake-up for its socket runs no queued work). Work that ran may have taken time or
            // scheduled a timer due at once, so then the timeout reads the clock again.
            isNowCurrent = !firedTimers && !queued.ranWork
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

    /// How long the next wait may sleep: 0 with work queued, until the earliest timer's deadline (rounded up to a
    /// millisecond), or -1 (no timer). `now` is the current instant if the caller has it, else the clock is read.
    private func waitTimeoutMilliseconds(now: ContinuousClock.Instant?) -> Int32 {
        let hasWork = queue.withLock { queue -> Bool in
            if !queue.works.isEmpty || queue.isStopping { return true }
            queue.wakePending = false
            return false
        }
        if hasWork { return 0 }
        guard let deadline = owned.timers.nextDeadline() else { return -1 }
        let remaining = deadline - (now ?? ContinuousClock.now)
        if remaining <= .zero { return 0 }
        // Whole milliseconds rounded up, from the quotient as a Double (`components` divided 128-bit integers twice
        // per wake-up); a timeout beyond Int32's milliseconds (24 days) waits Int32.max and is computed again.
        let milliseconds = (remaining / .milliseconds(1)).rounded(.up)
        return milliseconds < Double(Int32.max) ? Int32(milliseconds) : Int32.max
    }

    /// Runs the timers due at `now`; returns whether any ran.
    private func runExpiredTimers(now: ContinuousClock.Instant) -> Bool {
        var fired = false
        while let work = owned.timers.popExpired(now: now) {
            work()
            fired = true
        }
        return fired
    }

    /// Runs the queued work; `mustStop` when the loop must stop (stop requested and nothing left to run), `ranWork`
    /// when any work ran.
    private func runQueuedWork() -> (mustStop: Bool, ranWork: Bool) {
        var ranWork = false
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
            if !ranNothing { ranWork = true }
            works.removeAll(keepingCapacity: true)
            owned.runningWorks = works
            if !isStopping { return (false, ranWork) }
            if ranNothing { return (true, ranWork) }
        }
    }
}
