@testable import Monitoring
import Dispatch
import Foundation
import Net
import Store
import Telemetry
import Testing
import TestSupport

@Suite struct ServiceWatchdogTests {
    @Test(arguments: [
        ([:], nil as Duration?),
        (["WATCHDOG_USEC": "30000000"], .seconds(15)),
        (["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "42"], .seconds(15)),
        (["WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "7"], nil),
        (["WATCHDOG_USEC": "garbage"], nil),
        (["WATCHDOG_USEC": "0"], nil),
    ])
    func intervalIsHalfOfWatchdogUsecForThisProcess(environment: [String: String], expected: Duration?) {
        #expect(ServiceWatchdog.interval(environment: environment, processID: 42) == expected)
    }

    @Test func healthyLoopsAndWriterPassTheProbe() throws {
        let directory = try TemporaryDirectory()
        let writer = try Writer(configuration: StoreConfiguration(path: directory.file("w.db")))
        defer { writer.shutdown() }
        let loops = try EventLoopGroup(loopCount: 2)
        defer { loops.shutdown() }
        let watchdog = ServiceWatchdog(interval: .seconds(2), loops: loops.loops, writer: writer,
                                       logger: Logger(label: "test", sink: InMemoryLogSink()), environment: [:])
        #expect(watchdog.firstStuckPart() == nil)
    }

    @Test func aBlockedLoopIsNamed() throws {
        let directory = try TemporaryDirectory()
        let writer = try Writer(configuration: StoreConfiguration(path: directory.file("w.db")))
        defer { writer.shutdown() }
        let loops = try EventLoopGroup(loopCount: 2)
        defer { loops.shutdown() }
        let release = DispatchSemaphore(value: 0)
        loops.loops[1].execute { release.wait() }
        defer { release.signal() }
        let watchdog = ServiceWatchdog(interval: .milliseconds(400), loops: loops.loops, writer: writer,
                                       logger: Logger(label: "test", sink: InMemoryLogSink()), environment: [:])
        #expect(watchdog.firstStuckPart() == "event loop 1")
    }

    @Test func aWriterCopyingWithProgressIsAliveAndOneWithoutIsNamed() throws {
        let directory = try TemporaryDirectory()
        let writer = try Writer(configuration: StoreConfiguration(path: directory.file("w.db")))
        defer { writer.shutdown() }
        let loops = try EventLoopGroup(loopCount: 1)
        defer { loops.shutdown() }
        let watchdog = ServiceWatchdog(interval: .milliseconds(400), loops: loops.loops, writer: writer,
                                       logger: Logger(label: "test", sink: InMemoryLogSink()), environment: [:])
        // A long exclusive command that reports progress (an online re-bootstrap's copy).
        let started = DispatchSemaphore(value: 0)
        let finish = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        Thread {
            _ = try? writer.performExclusiveAndWait { _ in
                started.signal()
                while finish.wait(timeout: .now() + .milliseconds(10)) == .timedOut { writer.reportProgress() }
            }
            done.signal()
        }.start()
        started.wait()
        #expect(watchdog.firstStuckPart() == nil)
        finish.signal()
        done.wait()
        // The same command without progress is a wedged writer.
        let release = DispatchSemaphore(value: 0)
        Thread {
            _ = try? writer.performExclusiveAndWait { _ in
                started.signal()
                release.wait()
            }
            done.signal()
        }.start()
        started.wait()
        #expect(watchdog.firstStuckPart() == "writer")
        release.signal()
        done.wait()
    }
}
