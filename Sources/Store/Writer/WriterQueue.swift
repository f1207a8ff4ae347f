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
            let wasWaiting = state.isWriterWaiting
            state.isWriterWaiting = false
            return (nil, wasWaiting)
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
    func takeBatch(maxCount: Int) -> [WriterCommand]? {
        while true {
            let taken = state.withLock { state -> TakeResult in
                if state.count > 0 { return .batch(Self.take(from: &state, maxCount: maxCount)) }
                if !state.isAccepting { return .drained }
                state.isWriterWaiting = true
                return .empty
            }
            switch taken {
            case .batch(let batch): return batch
            case .drained: return nil
            case .empty: wake.wait()
            }
        }
    }

    /// What `takeBatch` found under the lock.
    private enum TakeResult {
        case batch([WriterCommand])
        case drained
        case empty
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
