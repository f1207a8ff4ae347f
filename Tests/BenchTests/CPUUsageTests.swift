@testable import Bench
import Foundation
import Store
import Testing

/// The CPU figures `bench bids` and `bench market` print: readings of this process from `/proc`, and their split by
/// thread role (the writer, the event loops, the client threads, the rest).
@Suite struct CPUUsageTests {
    static let writerKernelName = String(Writer.threadName.prefix(15))

    @Test func splitsTheProcessTimeByThreadName() {
        var before = CPUReading()
        before.processUser = .milliseconds(100)
        before.processSystem = .milliseconds(50)
        before.threads = [1: ("worldgame", .milliseconds(10)), 2: (Self.writerKernelName, .milliseconds(40)),
                          3: ("worldgame-loop-0", .milliseconds(30))]
        before.machineBusy = .seconds(10)
        before.machineSoftirq = .seconds(1)
        var after = before
        after.processUser = .milliseconds(700)
        after.processSystem = .milliseconds(250)
        // Thread 4 started during the case; the client threads (ended) are passed apart.
        after.threads = [1: ("worldgame", .milliseconds(20)), 2: (Self.writerKernelName, .milliseconds(340)),
                         3: ("worldgame-loop-0", .milliseconds(130)), 4: ("bench-loop-1", .milliseconds(100))]
        after.machineBusy = .seconds(11)
        after.machineSoftirq = .milliseconds(1_100)
        let usage = CPUUsage(from: before, to: after, clients: .milliseconds(150))
        #expect(usage.writer == .milliseconds(300))
        #expect(usage.loops == .milliseconds(200))
        #expect(usage.process == .milliseconds(800))
        #expect(usage.processSystem == .milliseconds(200))
        #expect(usage.other == .milliseconds(150))
        #expect(usage.machineBusy == .seconds(1))
        #expect(usage.machineSoftirq == .milliseconds(100))
        #expect(usage.line(per: "bid", count: 1_000) == "CPU per bid: writer 300.0 us, loops 200.0 us, "
                + "clients 150.0 us, other 150.0 us; process 800.0 us (system 200.0 us); machine 1000.0 us "
                + "(softirq 100.0 us)")
    }

    @Test func otherIsNeverNegative() {
        var after = CPUReading()
        after.threads = [2: (Self.writerKernelName, .milliseconds(5))]
        let usage = CPUUsage(from: CPUReading(), to: after, clients: .milliseconds(5))
        #expect(usage.other == .zero)
    }

    /// Busy until the calling thread's run time grew by 30 ms (a loaded machine gives it the CPU slowly): the
    /// process's time from `stat` and the machine's busy time grow with it.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/proc/thread-self/schedstat"), "needs Linux /proc"))
    func readsThisProcessAndTheCallingThread() {
        let threadBefore = CPUReading.currentThreadRunTime()
        let before = CPUReading.now()
        let deadline = ContinuousClock.now + .seconds(20)
        while CPUReading.currentThreadRunTime() - threadBefore < .milliseconds(30), ContinuousClock.now < deadline {}
        let after = CPUReading.now()
        #expect(CPUReading.currentThreadRunTime() - threadBefore >= .milliseconds(30))
        #expect(after.threads.count >= 1)
        #expect(after.machineBusy > before.machineBusy)
        // `stat` counts in clock ticks (10 ms): at least two of the three.
        #expect(CPUUsage(from: before, to: after, clients: .zero).process >= .milliseconds(20))
    }
}
