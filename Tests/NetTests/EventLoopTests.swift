import Foundation
import Locking
@testable import Net
import Synchronization
import Testing
import TestSupport

/// `EventLoop`: cross-thread `execute` ordering, timers, loop affinity.
@Suite struct EventLoopTests {
    @Test func executeFromManyThreadsRunsEachThreadsWorkInFIFOOrderOnTheLoop() throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        let seen = Locked<[Int: [Int]]>([:])
        let offLoop = Atomic<Int>(0)
        let threads = 4
        let perThread = 500
        let done = Atomic<Int>(0)
        for thread in 0..<threads {
            Thread {
                for item in 0..<perThread {
                    loop.execute {
                        if !loop.inEventLoop { offLoop.add(1, ordering: .relaxed) }
                        seen.withLock { $0[thread, default: []].append(item) }
                    }
                }
                done.add(1, ordering: .relaxed)
            }.start()
        }
        #expect(waitUntil(.seconds(5)) { seen.withLock { $0.values.map(\.count).reduce(0, +) } == threads * perThread })
        #expect(offLoop.load(ordering: .relaxed) == 0)
        for thread in 0..<threads { #expect(seen.withLock { $0[thread] } == Array(0..<perThread)) }
        #expect(!loop.inEventLoop)
    }

    @Test func executeFromTheLoopItselfRunsAfterTheCurrentWork() throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        let order = Locked<[String]>([])
        loop.execute {
            loop.execute { order.withLock { $0.append("inner") } }
            order.withLock { $0.append("outer") }
        }
        #expect(waitUntil(.seconds(5)) { order.withLock { $0.count } == 2 })
        #expect(order.withLock { $0 } == ["outer", "inner"])
    }

    @Test func timersFireInDeadlineOrderAndCancelledOnesNever() throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        let fired = Locked<[String]>([])
        loop.execute {
            loop.scheduleTimer(after: .milliseconds(60)) { fired.withLock { $0.append("c") } }
            loop.scheduleTimer(after: .milliseconds(20)) { fired.withLock { $0.append("a") } }
            let cancelled = loop.scheduleTimer(after: .milliseconds(10)) { fired.withLock { $0.append("x") } }
            loop.scheduleTimer(after: .milliseconds(40)) { fired.withLock { $0.append("b") } }
            loop.scheduleTimer(after: .milliseconds(40)) { fired.withLock { $0.append("b2") } }
            loop.cancelTimer(cancelled)
            // Fires after every other timer: once it has, the cancelled one (due first) would have fired too.
            loop.scheduleTimer(after: .milliseconds(80)) { fired.withLock { $0.append("end") } }
        }
        #expect(waitUntil(.seconds(5)) { fired.withLock { $0.last } == "end" })
        #expect(fired.withLock { $0 } == ["a", "b", "b2", "c", "end"])
    }

    @Test func timerScheduledFromATimerFires() throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        let count = Atomic<Int>(0)
        loop.execute {
            loop.scheduleTimer(after: .zero) {
                count.add(1, ordering: .relaxed)
                loop.scheduleTimer(after: .milliseconds(1)) { count.add(1, ordering: .relaxed) }
            }
        }
        #expect(waitUntil(.seconds(5)) { count.load(ordering: .relaxed) == 2 })
    }

    /// The loop reuses one clock read per wake-up for its timers and, when nothing ran after it, for the next wait's
    /// timeout: with wake-ups every millisecond (as busy sockets give), a timer still never fires before its deadline,
    /// and one scheduled by queued work to fire at once does not wait for the earlier timer's timeout.
    @Test func timersNeverFireEarlyAndAnImmediateOneRunsAtOnceAmidFrequentWakeUps() throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let loop = group.loops[0]
        let lateness = Locked<[Duration]>([])
        let stop = Atomic<Bool>(false)
        let waker = Thread {
            while !stop.load(ordering: .relaxed) {
                loop.execute {}
                Thread.sleep(forTimeInterval: 0.001)
            }
        }
        waker.start()
        defer { stop.store(true, ordering: .relaxed) }
        loop.execute {
            // A far timer keeps the wait's timeout finite, as a connection's idle timer does.
            loop.scheduleTimer(after: .seconds(30)) {}
            for delay in [5, 15, 25, 35] {
                let scheduled = ContinuousClock.now
                loop.scheduleTimer(after: .milliseconds(delay)) {
                    lateness.withLock { $0.append(ContinuousClock.now - scheduled - .milliseconds(delay)) }
                }
            }
        }
        #expect(waitUntil(.seconds(5)) { lateness.withLock { $0.count } == 4 })
        #expect(lateness.withLock { $0 }.allSatisfy { $0 >= .zero })
        let immediate = Locked<Duration?>(nil)
        loop.execute {
            let scheduled = ContinuousClock.now
            loop.scheduleTimer(after: .zero) { immediate.withLock { $0 = ContinuousClock.now - scheduled } }
        }
        #expect(waitUntil(.seconds(5)) { immediate.withLock { $0 } != nil })
        // Due at once: run in the same or the next wake-up, far from the 30-second timer's timeout.
        #expect(try #require(immediate.withLock { $0 }) < .seconds(1))
    }
}
