import Dispatch
import Net
import Synchronization

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
    /// When set, the operations all clients may start together; a client stops once it is spent.
    private let budget: OperationBudget?
    private var samples: [Duration] = []
    private var began = ContinuousClock.now

    init(loop: EventLoop, deadline: ContinuousClock.Instant, recorder: LatencyRecorder, failures: FailureCounter,
         finished: DispatchGroup, budget: OperationBudget? = nil, operation: @escaping Operation) {
        self.loop = loop
        self.deadline = deadline
        self.recorder = recorder
        self.failures = failures
        self.finished = finished
        self.operation = operation
        self.budget = budget
    }

    /// Enters `finished` and starts the loop of operations on `loop`.
    func start() {
        finished.enter()
        loop.execute { self.submitNext() }
    }

    private func submitNext() {
        guard ContinuousClock.now < deadline, budget?.take() ?? true else {
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
    /// With `operationLimit`, the clients stop together once they started that many operations (a fixed amount of work
    /// for callgrind, which counts instructions, not time).
    static func run(count: Int, on loops: EventLoopGroup, seconds: Double, batches: FailureCounter,
                    operationLimit: Int? = nil,
                    operation makeOperation: (_ index: Int) -> Operation) throws -> LatencySummary {
        let budget = operationLimit.map(OperationBudget.init)
        let recorder = LatencyRecorder()
        let failures = FailureCounter()
        let finished = DispatchGroup()
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        for index in 0..<count {
            ClosedLoopClient(loop: loops.loops[index % loops.loops.count], deadline: deadline, recorder: recorder,
                             failures: failures, finished: finished, budget: budget,
                             operation: makeOperation(index)).start()
        }
        finished.wait()
        let elapsed = ContinuousClock.now - start
        if failures.count > 0 { throw BenchmarkError.commandsFailed(count: failures.count) }
        var summary = recorder.summary(elapsed: elapsed)
        summary.meanBatchSize = batches.count > 0 ? Double(summary.count) / Double(batches.count) : 0
        return summary
    }
}

/// How many operations the clients of one run may still start, shared by all of them (any loop thread).
final class OperationBudget: Sendable {
    private let remaining: Atomic<Int>

    init(_ limit: Int) {
        remaining = Atomic(limit)
    }

    /// Takes one operation; false once the budget is spent.
    func take() -> Bool {
        remaining.subtract(1, ordering: .relaxed).newValue >= 0
    }
}
