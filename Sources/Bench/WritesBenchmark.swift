import Foundation
import Net
import Store

/// `worldgame bench writes`: durable commands/s and latency of one transaction per command, of the Writer at several
/// numbers of concurrent submitters, and of the ceiling (transactions of 64 on one thread without the Writer).
///
/// The Writer cases keep N commands in flight from one event loop per core, as the server's loops do.
/// Every case gets a fresh database in a temporary folder with synchronous=FULL, so each pays its own fsyncs.
struct WritesBenchmark {
    var seconds: Double
    var rounds = 3
    var submitterCounts: [Int] = [1, 8, 64, 256]
    let ceilingBatchSize = 64

    /// A command shaped like a game write: move gold between two accounts and append a ledger row.
    static let schema = """
        CREATE TABLE bench_accounts(id INTEGER PRIMARY KEY, balance INTEGER NOT NULL) STRICT;
        CREATE TABLE bench_ledger(id INTEGER PRIMARY KEY, debit INTEGER NOT NULL, credit INTEGER NOT NULL,
                                  amount INTEGER NOT NULL, reason TEXT NOT NULL) STRICT;
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000)
        INSERT INTO bench_accounts SELECT i, 1000000 FROM n;
        """

    static func applyCommand(_ executor: any SQLExecutor, sequence: Int) throws {
        let debit = sequence % 1000 + 1
        let credit = (sequence * 7) % 1000 + 1
        try executor.run("UPDATE bench_accounts SET balance = balance - 1 WHERE id = ?", [debit])
        try executor.run("UPDATE bench_accounts SET balance = balance + 1 WHERE id = ?", [credit])
        try executor.run("INSERT INTO bench_ledger(debit, credit, amount, reason) VALUES (?, ?, 1, 'bench')", [debit, credit])
    }

    /// Runs every case `rounds` times, interleaved, so drift in fsync latency (shared disks are noisy) hits all cases
    /// alike; each case's figures combine its rounds.
    func run() throws -> String {
        let caseSeconds = seconds / Double(rounds)
        var results: [String: [LatencySummary]] = [:]
        var order: [String] = []
        func record(_ name: String, _ summary: LatencySummary) {
            if results[name] == nil { order.append(name) }
            results[name, default: []].append(summary)
        }
        for _ in 0..<rounds {
            record(Self.singleName, try measureDirect(commandsPerTransaction: 1, seconds: caseSeconds))
            for submitters in submitterCounts {
                record(Self.writerName(submitters), try measureWriter(submitters: submitters, seconds: caseSeconds))
            }
            record(ceilingName, try measureDirect(commandsPerTransaction: ceilingBatchSize, seconds: caseSeconds))
        }
        var table = BenchTable(
            title: "bench writes: durable commands, synchronous=FULL, \(rounds) interleaved rounds, \(seconds)s per case",
            unit: "cmds")
        var combined: [String: LatencySummary] = [:]
        for name in order {
            let summary = LatencySummary.combining(results[name] ?? [])
            combined[name] = summary
            table.add(name, summary)
        }
        let single = combined[Self.singleName]?.perSecond ?? 0
        let writer64 = combined[Self.writerName(64)]?.perSecond ?? 0
        let ceiling = combined[ceilingName]?.perSecond ?? 0
        table.addRatio("writer x64 / one txn per command", numerator: writer64, denominator: single, goal: ">= 10x")
        table.addRatio("writer x64 / ceiling", numerator: writer64, denominator: ceiling, goal: ">= 0.5x")
        return table.render()
    }

    static let singleName = "(a) 1 txn/command"
    static func writerName(_ submitters: Int) -> String { "(b) writer x\(submitters)" }
    var ceilingName: String { "(c) ceiling txn/\(ceilingBatchSize)" }

    private func freshDatabase() throws -> BenchDatabase {
        let database = try BenchDatabase("writes", migrated: false)
        let connection = try Connection(configuration: database.configuration, readOnly: false)
        defer { connection.close() }
        try connection.execute(Self.schema)
        return database
    }

    /// Commands run back to back on one thread, `commandsPerTransaction` to a transaction, without the Writer:
    /// 1 is case (a), one transaction per command; `ceilingBatchSize` is case (c), the ceiling.
    /// With `commandLimit`, stops after that many commands (whole transactions) instead of at the deadline.
    private func measureDirect(commandsPerTransaction: Int, seconds: Double,
                               commandLimit: Int = .max) throws -> LatencySummary {
        let database = try freshDatabase()
        defer { database.remove() }
        let configuration = database.configuration
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        var samples: [Duration] = []
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        var sequence = 0
        while ContinuousClock.now < deadline, sequence < commandLimit {
            let began = ContinuousClock.now
            try connection.execute("BEGIN IMMEDIATE")
            for _ in 0..<commandsPerTransaction {
                try Self.applyCommand(connection, sequence: sequence)
                sequence += 1
            }
            try connection.execute("COMMIT")
            // Every command of the transaction waited for the same commit.
            samples.append(contentsOf: repeatElement(ContinuousClock.now - began, count: commandsPerTransaction))
        }
        let elapsed = ContinuousClock.now - start
        return LatencySummary(count: samples.count, elapsed: elapsed, sortedSamples: samples.sorted())
    }

    /// `submitters` commands stay in flight, spread over one event loop per core, exactly as the server submits: a loop
    /// submits, the writer commits the batch, the completion hops back to the loop through its mailbox, and the loop
    /// submits that submitter's next command.
    /// With `commandLimit`, the submitters stop once they submitted that many commands.
    private func measureWriter(submitters: Int, seconds: Double,
                               loopCount: Int = ProcessInfo.processInfo.activeProcessorCount,
                               commandLimit: Int? = nil) throws -> LatencySummary {
        let database = try freshDatabase()
        defer { database.remove() }
        let configuration = database.configuration
        let batches = FailureCounter()
        let writer = try Writer(configuration: configuration, observers: [WriterCommitObserver { _ in batches.record() }])
        defer { writer.shutdown() }
        let loops = try EventLoopGroup(loopCount: loopCount, threadNamePrefix: "bench-loop")
        defer { loops.shutdown() }
        return try ClosedLoopClient.run(count: submitters, on: loops, seconds: seconds, batches: batches,
                                        operationLimit: commandLimit) { index in
            var sequence = index * 10_000_000
            return { completion in
                let current = sequence
                sequence += 1
                // Its checks all come before its writes (it has none), as a bid's do, so it promises what a bid does.
                writer.submit(promise: .failsOnlyBeforeFirstWrite, { transaction in
                    try WritesBenchmark.applyCommand(transaction, sequence: current)
                }) { result in
                    if case .success = result { completion(true) } else { completion(false) }
                }
            }
        }
    }

    /// `bench profile --kind writer-x64|ceiling-64 --count N`: exactly `count` commands through the Writer with 64
    /// submitters on `loopCount` loops, or in transactions of 64 on the calling thread; a driver for callgrind, whose
    /// two runs with different counts give the instructions per command of each (`scripts/profile`), so the
    /// Writer's own cost per command is their difference.
    static func profile(kind: String, count: Int, loopCount: Int) throws -> String {
        let benchmark = WritesBenchmark(seconds: 600)
        let summary = kind == ProfileBenchmark.writerKind
            ? try benchmark.measureWriter(submitters: 64, seconds: 600, loopCount: loopCount, commandLimit: count)
            : try benchmark.measureDirect(commandsPerTransaction: 64, seconds: 600, commandLimit: count)
        let batch = summary.meanBatchSize.map { String(format: ", %.1f commands per commit", $0) } ?? ""
        return "bench profile: \(summary.count) x \(kind) bench command in "
            + String(format: "%.3f s, %.1f us per command", summary.elapsed.seconds,
                     summary.elapsed.seconds * 1e6 / Double(max(summary.count, 1))) + batch
    }
}
