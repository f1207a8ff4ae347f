import Foundation
import Locking
import Store
import Synchronization
import Testing
import TestSupport

/// `WriterCompletionGate`: completions wait for the gate while the writer keeps committing later batches.
@Suite struct WriterCompletionGateTests {
    /// A gate that passes batches through until `isHolding`, then keeps their releases for the test to call.
    final class HoldingGate: Sendable {
        let isHolding = Atomic<Bool>(false)
        private let held = Locked<[@Sendable () -> Void]>([])

        func receive(_ release: @escaping @Sendable () -> Void) {
            if isHolding.load(ordering: .acquiring) { held.withLock { $0.append(release) } } else { release() }
        }

        var heldCount: Int { held.withLock { $0.count } }

        func releaseAll() {
            let releases = held.withLock { held in defer { held.removeAll() }; return held }
            for release in releases { release() }
        }

        /// Waits until `count` batches are held, for up to 10 s.
        func waitUntilHolding(_ count: Int) -> Bool {
            waitUntil(.seconds(10)) { heldCount >= count }
        }
    }

    @Test func completionsWaitForTheGateWhileLaterBatchesCommit() throws {
        let database = try StoreTestDatabase()
        let gate = HoldingGate()
        let completionGate = CompletionGateSpy { batch in gate.receive { batch.release() } }
        let writer = try WriterTests.makeWriter(database, completionGate: completionGate)
        defer { writer.shutdown() }
        gate.isHolding.store(true, ordering: .releasing)
        let completed = Collected<String>()

        writer.submit(WriterTests.insert("first"), completion: { _ in completed.append("first") })
        #expect(gate.waitUntilHolding(1))
        #expect(try database.count("items") == 1, "the batch is committed before its completion is released")
        writer.submit(WriterTests.insert("second"), completion: { _ in completed.append("second") })
        #expect(gate.waitUntilHolding(2))
        #expect(try database.count("items") == 2, "the writer kept committing while the first batch was held")
        #expect(completed.all.isEmpty)

        gate.isHolding.store(false, ordering: .releasing)
        gate.releaseAll()
        #expect(completed.all == ["first", "second"])
    }

    @Test func failedBatchesAreNotGated() throws {
        let database = try StoreTestDatabase()
        let gate = HoldingGate()
        var observer = WriterObserverSpy()
        let completionGate = CompletionGateSpy { batch in gate.receive { batch.release() } }
        observer.onWillCommit = { _, _ in if gate.isHolding.load(ordering: .acquiring) { throw CommandFailure(tag: "hook") } }
        let writer = try WriterTests.makeWriter(database, observer: observer, completionGate: completionGate)
        defer { writer.shutdown() }
        gate.isHolding.store(true, ordering: .releasing)
        #expect(throws: CommandFailure(tag: "hook")) { try writer.performAndWait(WriterTests.insert("rolled back")) }
        #expect(gate.heldCount == 0)
    }
}

extension WriterCompletionGateTests {
    @Test func theObserversActionsRunBeforeTheGateHoldsTheBatch() throws {
        let database = try StoreTestDatabase()
        let gate = HoldingGate()
        let published = Collected<String>()
        var observer = WriterObserverSpy()
        observer.onWillCommit = { _, transaction in transaction.afterCommit { published.append("record") } }
        let completionGate = CompletionGateSpy { batch in
            published.append("gated")
            gate.receive { batch.release() }
        }
        let writer = try WriterTests.makeWriter(database, observer: observer, completionGate: completionGate)
        defer { writer.shutdown() }
        #expect(published.all == ["record", "gated"])
    }
}

extension WriterCompletionGateTests {
    @Test func aFailedHeldBatchRunsItsActionsAndAnswersItsSuccessesWithTheError() throws {
        let database = try StoreTestDatabase()
        let held = Locked<[WriterHeldBatch]>([])
        let isHolding = Atomic<Bool>(false)
        let completionGate = CompletionGateSpy { batch in
            if isHolding.load(ordering: .acquiring) { held.withLock { $0.append(batch) } } else { batch.release() }
        }
        let writer = try WriterTests.makeWriter(database, completionGate: completionGate)
        defer { writer.shutdown() }
        isHolding.store(true, ordering: .releasing)
        let results = Collected<String>()
        let actions = Collected<String>()
        writer.submit({ transaction -> Int64 in
            transaction.afterCommit { actions.append("after kept") }
            return try WriterTests.insert("kept")(transaction)
        }, completion: { result in
            guard case .failure(let error) = result else { return results.append("kept ok") }
            results.append(error as? StoreError == .commitUnconfirmed(reason: "test") ? "kept unconfirmed" : "other")
        })
        writer.submit({ _ in throw CommandFailure(tag: "own") }, completion: { (result: Result<Void, any Error>) in
            if case .failure(let error) = result { results.append(error is CommandFailure ? "own error" : "other") }
        })
        // The two commands may share a batch or not: fail every batch the gate receives until both answered.
        _ = waitUntil(.seconds(10)) {
            let batches = held.withLock { held in defer { held.removeAll() }; return held }
            for batch in batches { batch.fail(StoreError.commitUnconfirmed(reason: "test")) }
            return results.all.count >= 2
        }
        #expect(try database.count("items") == 1, "the batch stays committed")
        #expect(actions.all == ["after kept"])
        #expect(results.all == ["kept unconfirmed", "own error"])
    }
}
