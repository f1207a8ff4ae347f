import Dispatch
import Locking
import Testing

/// `Locked`: mutual exclusion across threads, results and typed errors passed through.
@Suite struct LockedTests {
    @Test func concurrentIncrementsAreNotLost() {
        let counter = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<10_000 { counter.withLock { $0 += 1 } }
        }
        #expect(counter.withLock { $0 } == 80_000)
    }

    @Test func withLockReturnsTheBodysResult() {
        let names = Locked(["a"])
        let count = names.withLock { names in
            names.append("b")
            return names.count
        }
        #expect(count == 2)
    }

    /// A typed error thrown from inside the lock.
    enum ProbeError: Error, Equatable { case refused(value: Int) }

    @Test func aThrowingBodyReleasesTheLock() {
        let value = Locked(7)
        #expect(throws: ProbeError.refused(value: 7)) {
            try value.withLock { (current: inout Int) throws(ProbeError) in throw .refused(value: current) }
        }
        #expect(value.withLock { $0 } == 7)  // would deadlock if the lock were still held
    }
}
