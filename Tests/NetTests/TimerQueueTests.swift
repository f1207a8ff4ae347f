@testable import Net
import Testing

/// `TimerQueue`: heap ordering, ties in scheduling order, lazy cancellation.
@Suite struct TimerQueueTests {
    @Test func popsInDeadlineOrderWithTiesInSchedulingOrder() {
        var queue = TimerQueue<String>()
        let start = ContinuousClock.now
        let offsets = [50, 10, 30, 10, 70, 20, 30]
        for (index, offset) in offsets.enumerated() {
            queue.schedule(at: start + .milliseconds(offset), "\(offset)-\(index)")
        }
        var popped: [String] = []
        while let item = queue.popExpired(now: start + .seconds(1)) { popped.append(item) }
        #expect(popped == ["10-1", "10-3", "20-5", "30-2", "30-6", "50-0", "70-4"])
    }

    @Test func onlyExpiredTimersPopAndCancelledOnesAreSkipped() {
        var queue = TimerQueue<Int>()
        let start = ContinuousClock.now
        let first = queue.schedule(at: start + .milliseconds(5), 1)
        queue.schedule(at: start + .milliseconds(10), 2)
        queue.schedule(at: start + .milliseconds(20), 3)
        queue.cancel(first)
        #expect(queue.count == 2)
        #expect(queue.nextDeadline() == start + .milliseconds(10))
        #expect(queue.popExpired(now: start + .milliseconds(15)) == 2)
        #expect(queue.popExpired(now: start + .milliseconds(15)) == nil)
        #expect(queue.popExpired(now: start + .milliseconds(20)) == 3)
        #expect(queue.nextDeadline() == nil)
    }
}
