import Dispatch
import Net

/// One simulated client of an in-process benchmark, bound to an event loop: keeps exactly one operation in flight
/// until the deadline, recording each operation's latency, then merges its samples and leaves `finished`.
///
/// The benchmark supplies the operation; it is called on `loop` and must call its completion exactly once, from any
/// thread, with whether it succeeded.
// Safety: `samples` and `began` (and whatever `operation` captures) are touched only on `loop`'s thread: the first
// call is scheduled there and every completion hops back there before touching them.
final class ClosedLoopClient: @unchecked Sendable {
    typealias Operation = (_ completion: @escaping @Sendable (_ succeeded: Bool) -> Void) -> Void

    private let loop: EventLoop
    private let deadline: ContinuousClock.Instant
    private let recorder: LatencyRecorder
    private let failures: FailureCounter
    private let finished: DispatchGroup
    private let operation: Operation
    private var samples: [Duration] = []
    private var began = ContinuousClock.now

    init(loop: EventLoop, deadline: ContinuousClock.Instant, recorder: LatencyRecorder, failures: FailureCounter,
         finished: DispatchGroup, operation: @escaping Operation) {
        self.loop = loop
        self.deadline = deadline
        self.recorder = recorder
        self.failures = failures
        self.finished = finished
        self.operation = operation
    }

    /// Enters `finished` and starts the loop of operations on `loop`.
    func start() {
        finished.enter()
        loop.execute { self.submitNext() }
    }

    private func submitNext() {
        guard ContinuousClock.now < deadline else {
            recorder.merge(samples)
            finished.leave()
            return
        }
        began = ContinuousClock.now
        operation { succeeded in
            self.loop.execute {
                if !succeeded { self.failures.record() }
                self.samples.append(ContinuousClock.now - self.began)
                self.submitNext()
            }
        }
    }
}

extension ClosedLoopClient {
    /// Runs `count` clients spread over `loops` until `seconds` have passed, client `index` repeating the operation
    /// that `makeOperation(index)` returns; answers their summary, with the commands per commit that `batches` (a
    /// writer observer's count of commits) gives.
    /// - Throws: `BenchmarkError.commandsFailed` when any operation failed.
    static func run(count: Int, on loops: EventLoopGroup, seconds: Double, batches: FailureCounter,
                    operation makeOperation: (_ index: Int) -> Operation) throws -> LatencySummary {
        let recorder = LatencyRecorder()
        let failures = FailureCounter()
        let finished = DispatchGroup()
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        for index in 0..<count {
            ClosedLoopClient(loop: loops.loops[index % loops.loops.count], deadline: deadline, recorder: recorder,
                             failures: failures, finished: finished, operation: makeOperation(index)).start()
        }
        finished.wait()
        let elapsed = ContinuousClock.now - start
        if failures.count > 0 { throw BenchmarkError.commandsFailed(count: failures.count) }
        var summary = recorder.summary(elapsed: elapsed)
        summary.meanBatchSize = batches.count > 0 ? Double(summary.count) / Double(batches.count) : 0
        return summary
    }
}
