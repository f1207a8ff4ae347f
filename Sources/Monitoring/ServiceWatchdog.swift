import Dispatch
import Foundation
import Lifecycle
import Locking
import Net
import Store
import Telemetry

/// Pings systemd's watchdog (`WATCHDOG=1`) only while every event loop and the writer still make progress, so a
/// wedged node stops pinging and systemd restarts it (`WatchdogSec=` in the unit).
///
/// Owns one thread. Each round it asks every loop and the writer to run a no-op and waits for all of them; only when
/// all answered within half the interval does it ping. An empty writer command commits without writing, so no fsync.
/// See sd_watchdog_enabled(3).
public final class ServiceWatchdog: Service {
    private let interval: Duration
    private let loops: [EventLoop]
    private let writer: Writer
    private let logger: Logger
    private let environment: [String: String]
    private let stopSignal = DispatchSemaphore(value: 0)
    private let isStopped = Locked(false)

    /// Half of `WATCHDOG_USEC`, when systemd asked this process for watchdog pings; nil otherwise.
    public static func interval(environment: [String: String], processID: Int32) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 else { return nil }
        if let pidText = environment["WATCHDOG_PID"], Int32(pidText) != processID { return nil }
        return .microseconds(microseconds / 2)
    }

    public init(interval: Duration, loops: [EventLoop], writer: Writer, logger: Logger, environment: [String: String]) {
        self.interval = interval
        self.loops = loops
        self.writer = writer
        self.logger = logger
        self.environment = environment
    }

    public func start() {
        let thread = Thread { [self] in
            while !isStopped.withLock({ $0 }) {
                if let stuck = firstStuckPart() {
                    logger.error("watchdog ping withheld: a part is not making progress", [("part", .string(stuck))])
                } else {
                    do {
                        try ServiceNotifier.notify(["WATCHDOG=1"], environment: environment)
                    } catch {
                        logger.warning("watchdog ping failed", [("error", .string(String(describing: error)))])
                    }
                }
                _ = stopSignal.wait(timeout: .now() + .nanoseconds(Int(interval.components.seconds * 1_000_000_000
                    + interval.components.attoseconds / 1_000_000_000)))
            }
        }
        thread.name = "worldgame-watchdog"
        thread.start()
    }

    public func stop() {
        isStopped.withLock { $0 = true }
        stopSignal.signal()
    }

    /// As one of the node's services (started last: it pings only once the node serves).
    public var name: String { "systemd-watchdog" }

    @discardableResult
    public func stop(deadline: Duration) -> Bool {
        stop()
        return true
    }

    /// The name of the first part that did not run a no-op within half the interval, or nil when all did. A writer
    /// busy with a long exclusive command (an online re-bootstrap's copy) counts as alive while that command reports
    /// progress (`Writer.reportProgress`) during the wait.
    public func firstStuckPart() -> String? {
        let progressBefore = writer.progressCount
        let answered = DispatchGroup()
        for loop in loops {
            answered.enter()
            loop.execute { answered.leave() }
        }
        answered.enter()
        writer.submit({ _ in }) { _ in answered.leave() }
        let deadline = DispatchTime.now() + .milliseconds(Int(interval.milliseconds / 2))
        guard answered.wait(timeout: deadline) == .timedOut else { return nil }
        return probeIndividually(writerProgressed: writer.progressCount != progressBefore)
    }

    /// After a timeout: names which part is stuck (loops first, each given a short grace); nil when only the writer
    /// was late and it reported progress meanwhile.
    private func probeIndividually(writerProgressed: Bool) -> String? {
        for loop in loops {
            let done = DispatchSemaphore(value: 0)
            loop.execute { done.signal() }
            if done.wait(timeout: .now() + .milliseconds(100)) == .timedOut { return "event loop \(loop.index)" }
        }
        return writerProgressed ? nil : "writer"
    }
}
