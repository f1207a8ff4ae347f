import Foundation
import Store
import Testing
import TestSupport

/// Commands that promise to fail only before their first write (`WriterCommandPromise.failsOnlyBeforeFirstWrite`) run
/// without a savepoint; one that breaks the promise still fails alone, and the rest of its batch commits.
@Suite struct WriterCommandPromiseTests {
    /// How often each command of a test ran (a command the writer runs again counts twice).
    final class RunCounts: Sendable {
        private let runs = Collected<String>()

        func ran(_ label: String) { runs.append(label) }

        func count(_ label: String) -> Int { runs.all.count { $0 == label } }
    }

    /// One queued test command: inserts its label, attaches its first byte and announces itself after commit; throws
    /// before writing (`failsBeforeWriting`) or after (`failsAfterWriting`).
    struct Step {
        var label: String
        var promise: WriterCommandPromise
        var failsBeforeWriting = false
        var failsAfterWriting = false

        func command(runs: RunCounts, announced: Collected<String>) -> @Sendable (Transaction) throws -> Int64 {
            let step = self
            return { transaction in
                runs.ran(step.label)
                if step.failsBeforeWriting { throw CommandFailure(tag: step.label) }
                try transaction.run("INSERT INTO items(label) VALUES (?)", [step.label])
                transaction.attach(Array(step.label.utf8.prefix(1)))
                transaction.afterCommit { announced.append(step.label) }
                if step.failsAfterWriting { throw CommandFailure(tag: step.label) }
                return transaction.lastInsertRowID
            }
        }
    }

    /// What one batch of `steps` left: each command's result, the runs, the announcements, the batch the observers
    /// saw, and the labels stored afterwards.
    struct BatchRun {
        var results: [String: Result<Int64, any Error>]
        var runs: RunCounts
        var announced: [String]
        var stats: WriterBatchStats
        var batch: WriterBatch
        var storedLabels: [String]
        var integrity: [String]
    }

    /// Queues `steps` behind a gate so they run as one batch, with a change-capturing observer, then shuts down.
    static func runBatch(_ steps: [Step]) throws -> BatchRun {
        let database = try StoreTestDatabase()
        let stats = Collected<WriterBatchStats>()
        let batches = Collected<WriterBatch>()
        var observer = WriterObserverSpy()
        observer.changeCapture = WriterChangeCapture(excludedTables: [])
        observer.onDidCommit = { stats.append($0) }
        observer.onWillCommit = { batch, _ in batches.append(batch) }
        let writer = try WriterTests.makeWriter(database, observer: observer)
        let runs = RunCounts()
        let announced = Collected<String>()
        let results = Collected<(String, Result<Int64, any Error>)>()
        let gate = WriterGate()
        gate.close(writer)
        for step in steps {
            writer.submit(promise: step.promise, step.command(runs: runs, announced: announced)) {
                results.append((step.label, $0))
            }
        }
        gate.open()
        writer.shutdown()
        let connection = try database.readOnlyConnection()
        defer { connection.close() }
        let labels = try connection.query("SELECT label FROM items ORDER BY id").map { try $0.string("label") }
        return BatchRun(
            results: Dictionary(uniqueKeysWithValues: results.all), runs: runs, announced: announced.all,
            stats: try #require(stats.all.last), batch: try #require(batches.all.last), storedLabels: labels,
            integrity: try connection.integrityCheck())
    }

    @Test func aBrokenPromiseFailsAloneAndTheRestOfItsBatchCommits() throws {
        let run = try Self.runBatch([
            Step(label: "a", promise: .failsOnlyBeforeFirstWrite),
            Step(label: "b", promise: .none),
            Step(label: "c", promise: .failsOnlyBeforeFirstWrite, failsAfterWriting: true),
            Step(label: "d", promise: .failsOnlyBeforeFirstWrite),
            Step(label: "e", promise: .none, failsAfterWriting: true),
            Step(label: "f", promise: .none),
        ])
        #expect(throws: CommandFailure(tag: "c")) { try run.results["c"]?.get() }
        #expect(throws: CommandFailure(tag: "e")) { try run.results["e"]?.get() }
        for label in ["a", "b", "d", "f"] { #expect(try run.results[label]?.get() != nil) }
        #expect(run.storedLabels == ["a", "b", "d", "f"])
        #expect(run.integrity == ["ok"])
        // The batch ran again from its start up to the breaker (a, b), which is not run again; the rest ran once.
        #expect(["a", "b", "c", "d", "e", "f"].map(run.runs.count) == [2, 2, 1, 1, 1, 1])
        // Only the committed run's effects reach the observers and the after-commit actions, once each.
        #expect(run.announced == ["a", "b", "d", "f"])
        #expect(run.batch.attachments == ["a", "b", "d", "f"].map { Array($0.utf8) })
        let operations = try SQLiteChangeset.operations(in: run.batch.changeset)
        #expect(operations.map(\.operation) == ["insert", "insert", "insert", "insert"])
        #expect(run.stats.commandCount == 6 && run.stats.failedCommandCount == 2 && run.stats.hadBrokenPromise)
        #expect(run.stats.promisingCommandCount == 3)
    }

    @Test func aKeptPromiseFailsAloneWithoutRunningTheBatchAgain() throws {
        let run = try Self.runBatch([
            Step(label: "a", promise: .failsOnlyBeforeFirstWrite),
            Step(label: "b", promise: .failsOnlyBeforeFirstWrite, failsBeforeWriting: true),
            Step(label: "c", promise: .none),
            Step(label: "d", promise: .failsOnlyBeforeFirstWrite),
        ])
        #expect(throws: CommandFailure(tag: "b")) { try run.results["b"]?.get() }
        #expect(run.storedLabels == ["a", "c", "d"])
        #expect(["a", "b", "c", "d"].map(run.runs.count) == [1, 1, 1, 1])
        #expect(run.announced == ["a", "c", "d"])
        #expect(run.stats.failedCommandCount == 1 && !run.stats.hadBrokenPromise)
    }

    /// The breaker is the batch's first command: nothing ran before it, every other command runs once.
    @Test func aBrokenPromiseFirstInItsBatchRunsTheOthersOnce() throws {
        let run = try Self.runBatch([
            Step(label: "a", promise: .failsOnlyBeforeFirstWrite, failsAfterWriting: true),
            Step(label: "b", promise: .failsOnlyBeforeFirstWrite),
            Step(label: "c", promise: .none),
        ])
        #expect(throws: CommandFailure(tag: "a")) { try run.results["a"]?.get() }
        #expect(run.storedLabels == ["b", "c"])
        #expect(["a", "b", "c"].map(run.runs.count) == [1, 1, 1])
        #expect(run.stats.hadBrokenPromise)
    }

    /// Two breakers in one batch: the first rolls the batch back; in the second run every command has its savepoint,
    /// so the second breaker rolls back alone.
    @Test func twoBrokenPromisesInOneBatchEachFailAlone() throws {
        let run = try Self.runBatch([
            Step(label: "a", promise: .failsOnlyBeforeFirstWrite),
            Step(label: "b", promise: .failsOnlyBeforeFirstWrite, failsAfterWriting: true),
            Step(label: "c", promise: .failsOnlyBeforeFirstWrite),
            Step(label: "d", promise: .failsOnlyBeforeFirstWrite, failsAfterWriting: true),
            Step(label: "e", promise: .failsOnlyBeforeFirstWrite),
        ])
        #expect(throws: CommandFailure(tag: "b")) { try run.results["b"]?.get() }
        #expect(throws: CommandFailure(tag: "d")) { try run.results["d"]?.get() }
        #expect(run.storedLabels == ["a", "c", "e"])
        #expect(run.announced == ["a", "c", "e"])
        #expect(run.stats.failedCommandCount == 2 && run.stats.hadBrokenPromise)
    }

    /// Alone in its batch, a command that breaks its promise leaves nothing, and the next command commits.
    @Test func aLoneBrokenPromiseLeavesNothing() throws {
        let run = try Self.runBatch([Step(label: "a", promise: .failsOnlyBeforeFirstWrite, failsAfterWriting: true)])
        #expect(throws: CommandFailure(tag: "a")) { try run.results["a"]?.get() }
        #expect(run.storedLabels.isEmpty)
        #expect(run.batch.changeset.isEmpty && run.batch.attachments.isEmpty)
        #expect(run.stats.hadBrokenPromise && !run.stats.hasChanges)
    }

    /// In a batch of several, a promising command runs without the writer's savepoint; the others keep theirs.
    @Test func onlyCommandsWithoutAPromiseRunInASavepoint() throws {
        let database = try StoreTestDatabase()
        let writer = try WriterTests.makeWriter(database)
        let insideSavepoint = Collected<(String, Bool)>()
        let gate = WriterGate()
        gate.close(writer)
        for (label, promise) in [("none", WriterCommandPromise.none), ("promised", .failsOnlyBeforeFirstWrite)] {
            writer.submit(promise: promise, { transaction in
                // Rolling back to the writer's savepoint succeeds only inside it (and undoes nothing here).
                let hasSavepoint = (try? transaction.run("ROLLBACK TO writer_command")) != nil
                insideSavepoint.append((label, hasSavepoint))
            }, completion: { _ in })
        }
        gate.open()
        writer.shutdown()
        #expect(insideSavepoint.all.map(\.0) == ["none", "promised"])
        #expect(insideSavepoint.all.map(\.1) == [true, false])
    }
}
