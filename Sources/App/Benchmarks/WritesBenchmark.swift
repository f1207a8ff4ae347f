import Foundation
import Store

/// `worldgame bench writes`: durable commands/s and latency of one transaction per command, of the Writer at several
/// numbers of concurrent submitters, and of the ceiling (transactions of 64 on one thread without the Writer).
///
/// Every case gets a fresh database in a temporary folder with synchronous=FULL, so each pays its own fsyncs.
struct WritesBenchmark {
    var seconds: Double
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

    func run() throws -> String {
        var table = BenchTable(title: "bench writes: durable commands, synchronous=FULL, \(seconds)s per case", unit: "cmds")
        let single = try measureOneTransactionPerCommand()
        table.add("(a) 1 txn/command", single)
        var writerResults: [Int: LatencySummary] = [:]
        for submitters in submitterCounts {
            let summary = try measureWriter(submitters: submitters)
            writerResults[submitters] = summary
            table.add("(b) writer x\(submitters)", summary)
        }
        let ceiling = try measureCeiling()
        table.add("(c) ceiling txn/\(ceilingBatchSize)", ceiling)
        let writer64 = writerResults[64]?.perSecond ?? 0
        table.addRatio("writer x64 / one txn per command", numerator: writer64, denominator: single.perSecond, goal: ">= 10x")
        table.addRatio("writer x64 / ceiling", numerator: writer64, denominator: ceiling.perSecond, goal: ">= 0.5x")
        return table.render()
    }

    private func freshDatabase() throws -> (directory: String, configuration: StoreConfiguration) {
        let directory = FileManager.default.temporaryDirectory.path + "/worldgame-bench-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = StoreConfiguration(path: directory + "/bench.db")
        configuration.synchronous = .full
        let connection = try Connection(configuration: configuration, readOnly: false)
        try connection.execute(Self.schema)
        connection.close()
        return (directory, configuration)
    }

    private func measureOneTransactionPerCommand() throws -> LatencySummary {
        let (directory, configuration) = try freshDatabase()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        var samples: [Duration] = []
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        var sequence = 0
        while ContinuousClock.now < deadline {
            let began = ContinuousClock.now
            try connection.execute("BEGIN IMMEDIATE")
            try Self.applyCommand(connection, sequence: sequence)
            try connection.execute("COMMIT")
            samples.append(ContinuousClock.now - began)
            sequence += 1
        }
        let elapsed = ContinuousClock.now - start
        return LatencySummary(count: samples.count, elapsed: elapsed, sortedSamples: samples.sorted())
    }

    private func measureCeiling() throws -> LatencySummary {
        let (directory, configuration) = try freshDatabase()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        var samples: [Duration] = []
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        var sequence = 0
        while ContinuousClock.now < deadline {
            let began = ContinuousClock.now
            try connection.execute("BEGIN IMMEDIATE")
            for _ in 0..<ceilingBatchSize {
                try Self.applyCommand(connection, sequence: sequence)
                sequence += 1
            }
            try connection.execute("COMMIT")
            // Every command of the batch waited for the same commit.
            samples.append(contentsOf: repeatElement(ContinuousClock.now - began, count: ceilingBatchSize))
        }
        let elapsed = ContinuousClock.now - start
        return LatencySummary(count: samples.count, elapsed: elapsed, sortedSamples: samples.sorted())
    }

    private func measureWriter(submitters: Int) throws -> LatencySummary {
        let (directory, configuration) = try freshDatabase()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let writer = try Writer(configuration: configuration)
        defer { writer.shutdown() }
        let recorder = LatencyRecorder()
        let failures = FailureCounter()
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        let group = DispatchGroup()
        for submitter in 0..<submitters {
            group.enter()
            let thread = Thread {
                var samples: [Duration] = []
                var sequence = submitter * 10_000_000
                while ContinuousClock.now < deadline {
                    let began = ContinuousClock.now
                    let current = sequence
                    do {
                        try writer.performAndWait { transaction in try Self.applyCommand(transaction, sequence: current) }
                        samples.append(ContinuousClock.now - began)
                    } catch {
                        failures.record()
                    }
                    sequence += 1
                }
                recorder.merge(samples)
                group.leave()
            }
            thread.stackSize = 256 << 10
            thread.start()
        }
        group.wait()
        let elapsed = ContinuousClock.now - start
        if failures.count > 0 { throw BenchmarkError.commandsFailed(count: failures.count) }
        return recorder.summary(elapsed: elapsed)
    }
}
