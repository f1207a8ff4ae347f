import Foundation
import Locking
@testable import Net
import Synchronization
import Testing
import TestSupport

/// `EventLoopGroup`: round robin, shutdown runs queued work and joins the threads.
@Suite struct EventLoopGroupTests {
    @Test func nextHandsOutLoopsRoundRobin() throws {
        let group = try EventLoopGroup(loopCount: 3)
        defer { group.shutdown() }
        let indices = (0..<6).map { _ in group.next().index }
        #expect(indices == [0, 1, 2, 0, 1, 2])
    }

    @Test func shutdownRunsQueuedWorkJoinsThreadsAndIsIdempotent() throws {
        let group = try EventLoopGroup(loopCount: 2)
        let ran = Atomic<Int>(0)
        let threadsSeen = Locked<Set<Int>>([])
        for loop in group.loops {
            for _ in 0..<100 {
                loop.execute {
                    Thread.sleep(forTimeInterval: 0.0001)   // work that takes time, so shutdown finds items queued
                    threadsSeen.withLock { _ = $0.insert(loop.index) }
                    ran.add(1, ordering: .relaxed)
                }
            }
        }
        group.shutdown()
        // Joined: every queued item ran before shutdown returned.
        #expect(ran.load(ordering: .relaxed) == 200)
        #expect(threadsSeen.withLock { $0 } == [0, 1])
        group.shutdown()
        // The loop threads are joined: nothing is left to run work submitted now, so it must not have run inline.
        group.loops[0].execute { ran.add(1, ordering: .relaxed) }
        #expect(ran.load(ordering: .relaxed) == 200)
    }

    @Test func loopsRunOnDistinctThreads() throws {
        let group = try EventLoopGroup(loopCount: 2)
        defer { group.shutdown() }
        let identifiers = Locked<[Int: UInt]>([:])
        for loop in group.loops {
            loop.execute {
                loop.preconditionInEventLoop()
                identifiers.withLock { $0[loop.index] = SystemThread.currentID }
            }
        }
        #expect(waitUntil(.seconds(5)) { identifiers.withLock { $0.count } == 2 })
        let values = identifiers.withLock { Array($0.values) }
        #expect(Set(values).count == 2)
        #expect(!values.contains(SystemThread.currentID))
    }
}
