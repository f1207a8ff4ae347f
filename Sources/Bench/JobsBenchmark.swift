import App
import Clocks
import Foundation
import Jobs
import Store
import Telemetry

/// `worldgame bench jobs`: database-only jobs/s and latency (claim to committed done) with 1, 2 and 4 workers claiming
/// batches, against one transaction per step: one worker claiming one job per writer command and completing it in
/// another (claim and complete each pay their own commit).
///
/// Every case gets a fresh database (synchronous=FULL) with a backlog of due jobs enqueued beforehand; each job moves
/// gold between two accounts and appends a ledger row, like `WritesBenchmark`'s command. The "batch" column is done
/// jobs per writer commit (claims and completions both commit).
struct JobsBenchmark {
    var seconds: Double
    var workerCounts: [Int] = [1, 2, 4]
    let claimBatchSize = 16
    static let kind = "bench.transfer"

    func run() throws -> String {
        var table = BenchTable(
            title: "bench jobs: database-only jobs, synchronous=FULL, claim batch \(claimBatchSize), \(seconds)s per case",
            unit: "jobs")
        let unbatched = try measure(workers: 1, claimBatchSize: 1)
        table.add("one txn per claim/complete x1", unbatched)
        var batched: [Int: LatencySummary] = [:]
        for workers in workerCounts {
            let summary = try measure(workers: workers, claimBatchSize: claimBatchSize)
            batched[workers] = summary
            table.add("batched claims x\(workers) workers", summary)
        }
        table.addRatio("x1 batched / one txn per step", numerator: batched[1]?.perSecond ?? 0,
                       denominator: unbatched.perSecond, goal: ">= 3x")
        table.addRatio("x4 batched / one txn per step", numerator: batched[4]?.perSecond ?? 0,
                       denominator: unbatched.perSecond, goal: ">= 10x")
        table.addRatio("x4 / x1 batched", numerator: batched[4]?.perSecond ?? 0,
                       denominator: batched[1]?.perSecond ?? 0, goal: "> 1x: workers share commits")
        return table.render()
    }

    /// Runs `workers` workers for `seconds` over a backlog large enough not to run dry; returns done jobs/s.
    private func measure(workers: Int, claimBatchSize: Int) throws -> LatencySummary {
        let database = try BenchDatabase("jobs")
        defer { database.remove() }
        let storeConfiguration = database.configuration
        try enqueueBacklog(storeConfiguration, count: backlogSize(workers: workers, claimBatchSize: claimBatchSize))

        let commits = FailureCounter()
        let writer = try Writer(configuration: storeConfiguration,
                                observers: [WriterCommitObserver { _ in commits.record() }])
        defer { writer.shutdown() }
        var configuration = JobsConfiguration(workerCount: workers)
        configuration.claimBatchSize = claimBatchSize
        configuration.idleWait = .milliseconds(50)
        let queue = JobQueue(writer: writer, clock: SystemClock(), configuration: configuration)
        var handlers = JobHandlers()
        handlers.register(Self.kind, .database { context, transaction in
            try WritesBenchmark.applyCommand(transaction, sequence: Int(context.job.id))
        })
        let recorder = LatencyRecorder()
        let failures = FailureCounter()
        let logger = Logger(label: "bench-jobs", level: .error, sink: JSONLinesSink(fileDescriptor: 2))
        let pool = JobWorkerPool(queue: queue, handlers: handlers, logger: logger) { report in
            switch report.outcome {
            case .done: recorder.merge([report.duration])
            case .released: break
            default: failures.record()
            }
        }
        let start = ContinuousClock.now
        pool.start()
        Thread.sleep(forTimeInterval: seconds)
        pool.stop(deadline: .seconds(30))
        let elapsed = ContinuousClock.now - start
        if failures.count > 0 { throw BenchmarkError.commandsFailed(count: failures.count) }
        var summary = recorder.summary(elapsed: elapsed)
        // Jobs per commit (claims and completions together): the "batch" column.
        summary.meanBatchSize = commits.count > 0 ? Double(summary.count) / Double(commits.count) : nil
        return summary
    }

    /// Jobs enough for the case at a generous rate estimate (the backlog must not run dry before the time is up).
    private func backlogSize(workers: Int, claimBatchSize: Int) -> Int {
        let perSecond = claimBatchSize == 1 ? 1_000.0 : 15_000.0 * Double(workers)
        return max(2_000, Int(perSecond * seconds))
    }

    /// Creates the bench tables and `count` due jobs in one transaction, outside the measured time.
    private func enqueueBacklog(_ configuration: StoreConfiguration, count: Int) throws {
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        try connection.execute(WritesBenchmark.schema)
        try connection.execute("BEGIN IMMEDIATE")
        let now = SystemClock().now.rawValue
        for number in 0..<count {
            _ = try JobTable.insert(NewJob(kind: Self.kind, payload: "{\"n\":\(number)}"), now: now,
                                    defaultMaxAttempts: 5, in: connection)
        }
        try connection.execute("COMMIT")
    }
}
