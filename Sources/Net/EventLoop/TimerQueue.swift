/// The timers of one event loop: a binary min-heap ordered by deadline, then by scheduling order.
///
/// Owned by the loop thread (pure value, no locking). Cancelled timers are removed from `pending` at once and their heap
/// entries skipped lazily when they reach the top.
package struct TimerQueue<Work> {
    /// One heap slot: a deadline and the id of the work it fires.
    private struct Entry {
        var deadline: ContinuousClock.Instant
        var id: UInt64
        func precedes(_ other: Entry) -> Bool {
            deadline < other.deadline || (deadline == other.deadline && id < other.id)
        }
    }

    private var heap: [Entry] = []
    private var pending: [UInt64: Work] = [:]
    private var nextID: UInt64 = 1

    package init() {}

    /// Number of timers scheduled and not cancelled.
    package var count: Int { pending.count }

    /// Adds `work` due at `deadline`.
    @discardableResult
    package mutating func schedule(at deadline: ContinuousClock.Instant, _ work: Work) -> TimerHandle {
        let id = nextID
        nextID += 1
        pending[id] = work
        heap.append(Entry(deadline: deadline, id: id))
        siftUp(heap.count - 1)
        return TimerHandle(id: id)
    }

    /// Removes a timer; unknown or already fired handles are ignored.
    package mutating func cancel(_ handle: TimerHandle) {
        pending[handle.id] = nil
        if pending.isEmpty { heap.removeAll(keepingCapacity: true) }
    }

    /// The earliest deadline among live timers.
    package mutating func nextDeadline() -> ContinuousClock.Instant? {
        dropCancelledTop()
        return heap.first?.deadline
    }

    /// Removes and returns the earliest timer whose deadline is at or before `now`.
    package mutating func popExpired(now: ContinuousClock.Instant) -> Work? {
        dropCancelledTop()
        guard let top = heap.first, top.deadline <= now else { return nil }
        removeTop()
        return pending.removeValue(forKey: top.id)
    }

    private mutating func dropCancelledTop() {
        while let top = heap.first, pending[top.id] == nil { removeTop() }
    }

    private mutating func removeTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < heap.count && heap[left].precedes(heap[smallest]) { smallest = left }
            if right < heap.count && heap[right].precedes(heap[smallest]) { smallest = right }
            if smallest == parent { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
