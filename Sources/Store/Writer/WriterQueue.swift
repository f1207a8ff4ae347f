import Dispatch
import Locking

/// The bounded queue between submitters (any thread) and the writer thread.
///
/// A `Locked`-protected array used as a deque, plus a semaphore that wakes the writer only when it is actually waiting
/// (no busy polling, no lost wake-ups). The mutex guards only the array and flags; it is never held while SQLite runs.
final class WriterQueue: Sendable {
    /// The queue contents and flags, guarded by `state`.
    private struct State {
        /// Commands; those before `head` were already taken.
        var pending: [WriterCommand] = []
        var head = 0
        var isAccepting = true
        var isWriterWaiting = false
        /// While the writer waits, the queued count at which an enqueue wakes it (1, or more while it gathers a batch).
        var wakeCount = 1

        var count: Int { pending.count - head }
    }

    /// Submits beyond this many queued commands fail with `.writerOverloaded`.
    let limit: Int
    private let state = Locked(State())
    private let wake = DispatchSemaphore(value: 0)

    init(limit: Int) {
        self.limit = limit
    }

    /// Commands waiting to be taken.
    var count: Int { state.withLock { $0.count } }

    /// Appends `command`, or returns why it was refused (`.writerStopped`, `.writerOverloaded`).
    func enqueue(_ command: WriterCommand) -> StoreError? {
        let limit = limit
        let (refusal, shouldWake) = state.withLock { state -> (StoreError?, Bool) in
            guard state.isAccepting else { return (.writerStopped, false) }
            guard state.count < limit else { return (.writerOverloaded(queuedCommands: state.count, limit: limit), false) }
            state.pending.append(command)
            guard state.isWriterWaiting, state.count >= state.wakeCount else { return (nil, false) }
            state.isWriterWaiting = false
            return (nil, true)
        }
        if shouldWake { wake.signal() }
        return refusal
    }

    /// Refuses further commands; what is queued stays and will still be taken.
    func stopAccepting() {
        let shouldWake = state.withLock { state -> Bool in
            state.isAccepting = false
            let wasWaiting = state.isWriterWaiting
            state.isWriterWaiting = false
            return wasWaiting
        }
        if shouldWake { wake.signal() }
    }

    /// Blocks until commands are queued and takes up to `maxCount` of them, oldest first; nil once the queue stopped
    /// accepting and is empty. Called by the writer thread only.
    ///
    /// With a `gather` whose count is above what is queued, the writer then waits up to `gather.window` more for the
    /// queue to hold that many (it is woken once, when the count is reached), so submitters whose previous commands
    /// just completed join this batch and its fsync instead of paying one of their own.
    func takeBatch(maxCount: Int, gather: WriterGather? = nil) -> [WriterCommand]? {
        var hasGathered = false
        while true {
            let taken = state.withLock { state -> TakeResult in
                if state.count == 0 {
                    if !state.isAccepting { return .drained }
                    state.isWriterWaiting = true
                    state.wakeCount = 1
                    return .empty
                }
                if !hasGathered, state.isAccepting, let gather, gather.window > .zero,
                   min(gather.count, maxCount) > state.count, state.pending[state.head].exclusive == nil {
                    state.isWriterWaiting = true
                    state.wakeCount = min(gather.count, maxCount)
                    return .gather
                }
                return .batch(Self.take(from: &state, maxCount: maxCount))
            }
            switch taken {
            case .batch(let batch): return batch
            case .drained: return nil
            case .empty: wake.wait()
            case .gather:
                hasGathered = true
                waitForGather(window: gather?.window ?? .zero)
            }
        }
    }

    /// Sleeps until an enqueue reaches the gather count or `window` passes; either way the caller takes what is queued.
    private func waitForGather(window: Duration) {
        let (seconds, attoseconds) = window.components
        let nanoseconds = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        guard wake.wait(timeout: .now() + .nanoseconds(Int(nanoseconds))) == .timedOut else { return }
        // Timed out: stop waiting under the lock; if an enqueue signalled meanwhile, take that signal back so the next
        // wait does not return at once.
        let wasSignalled = state.withLock { state -> Bool in
            let signalled = !state.isWriterWaiting
            state.isWriterWaiting = false
            state.wakeCount = 1
            return signalled
        }
        if wasSignalled { wake.wait() }
    }

    /// What `takeBatch` found under the lock.
    private enum TakeResult {
        case batch([WriterCommand])
        case drained
        case empty
        /// Fewer than the gather count are queued: wait for more, up to the gather window.
        case gather
    }

    /// Takes up to `maxCount` commands; an exclusive command is always taken alone and ends the batch before it.
    private static func take(from state: inout State, maxCount: Int) -> [WriterCommand] {
        var end = min(state.pending.count, state.head + maxCount)
        if state.pending[state.head].exclusive != nil {
            end = state.head + 1
        } else if let exclusive = state.pending[state.head..<end].firstIndex(where: { $0.exclusive != nil }) {
            end = exclusive
        }
        let batch = Array(state.pending[state.head..<end])
        state.head = end
        if state.head == state.pending.count {
            state.pending.removeAll(keepingCapacity: true)
            state.head = 0
        } else if state.head >= 1_024, state.head * 2 >= state.pending.count {
            state.pending.removeFirst(state.head)
            state.head = 0
        }
        return batch
    }
}

/// How many commands the writer waits for before taking a batch, and for how long at most (see
/// `WriterQueue.takeBatch(maxCount:gather:)`).
struct WriterGather {
    /// The batch size worth waiting for: the commands the previous batch just completed plus those queued meanwhile.
    var count: Int
    /// The longest the writer waits for them once a first command is queued.
    var window: Duration
}
