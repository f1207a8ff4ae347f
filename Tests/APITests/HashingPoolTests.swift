import API
import Foundation
import Locking
import Testing
import TestSupport

@Suite struct HashingPoolTests {
    @Test func runsEverythingQueuedAndRejectsBeyondTheLimit() throws {
        let pool = HashingPool(threadCount: 2, queueLimit: 3)
        let gate = DispatchSemaphore(value: 0)
        let ran = Locked(0)
        for _ in 0..<2 { try pool.submit { gate.wait(); ran.withLock { $0 += 1 } } }
        #expect(waitUntil(.seconds(10)) { pool.queuedCount == 0 }, "both threads took a task")
        for _ in 0..<3 { try pool.submit { ran.withLock { $0 += 1 } } }
        #expect(throws: HashingPoolError.queueFull(limit: 3)) { try pool.submit {} }
        gate.signal()
        gate.signal()
        pool.shutdown()
        #expect(ran.withLock { $0 } == 5)
        #expect(throws: HashingPoolError.stopped) { try pool.submit {} }
        pool.shutdown()
    }
}
