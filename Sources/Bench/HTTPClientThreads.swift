import Foundation
import HTTP
import Synchronization

/// Keep-alive load from threads in this process: one blocking HTTP connection per thread, each running its own
/// request loop until the deadline, their latencies merged into one summary.
///
/// Why it exists: the GET benchmarks and the HTTP bids benchmark drive the server the same way and differ only in the
/// requests a thread sends. Each thread owns its connection and its samples.
enum HTTPClientThreads {
    /// Thread `index`'s request loop over `client` until `deadline`: the latencies it measured, or nil when a request
    /// failed (the run then fails).
    typealias Session = @Sendable (_ index: Int, _ client: HTTPClient, _ deadline: ContinuousClock.Instant) -> [Duration]?

    /// Runs `count` threads against `127.0.0.1:port` for `seconds`.
    /// - Parameter cpu: when given, each thread adds the CPU time it used (connecting, its session, closing) to it.
    /// - Throws: `BenchmarkError.requestsFailed` when a connection or a session failed.
    static func run(count: Int, port: Int, seconds: Double, cpu: ClientCPUTotal? = nil,
                    session: @escaping Session) throws -> LatencySummary {
        let recorder = LatencyRecorder()
        let failures = FailureCounter()
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        let group = DispatchGroup()
        for index in 0..<count {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                let began = cpu.map { _ in CPUReading.currentThreadRunTime() }
                defer { if let cpu, let began { cpu.add(CPUReading.currentThreadRunTime() - began) } }
                guard let client = try? HTTPClient(host: "127.0.0.1", port: port) else { failures.record(); return }
                defer { client.close() }
                guard let samples = session(index, client, deadline) else { failures.record(); return }
                recorder.merge(samples)
            }
            thread.start()
        }
        group.wait()
        if failures.count > 0 { throw BenchmarkError.requestsFailed(count: failures.count, firstStatus: 0) }
        return recorder.summary(elapsed: ContinuousClock.now - start)
    }
}

/// The CPU time client threads used, summed as each one finishes (any thread).
final class ClientCPUTotal: Sendable {
    private let nanoseconds = Atomic<Int64>(0)

    func add(_ used: Duration) {
        nanoseconds.add(used.components.seconds * 1_000_000_000 + used.components.attoseconds / 1_000_000_000,
                        ordering: .relaxed)
    }

    var total: Duration { .nanoseconds(nanoseconds.load(ordering: .relaxed)) }
}
