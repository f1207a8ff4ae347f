import Dispatch
import Foundation
import Store
import Testing
import TestSupport

/// The writer's gather window (`StoreConfiguration.batchGatherWindow`): after a batch of several commands it waits,
/// for a bounded time, for the submitters it just answered, so that they share the next fsync.
@Suite struct WriterGatherTests {
    /// Queues `firsts` inserts behind a gate so they commit as one batch; the completion of each of the first
    /// `resubmitting` submits one more insert from another thread, as an event loop answering a completion does.
    /// Answers the committed batch sizes (the gate's own batch of one first) and each second insert's latency.
    static func run(window: Duration, firsts: Int, resubmitting: Int) throws -> (batches: [Int], latencies: [Duration]) {
        let database = try StoreTestDatabase { $0.batchGatherWindow = window }
        let batchSizes = Collected<Int>()
        var observer = WriterObserverSpy()
        observer.onDidCommit = { batchSizes.append($0.commandCount) }
        let writer = try WriterTests.makeWriter(database, observer: observer)
        batchSizes.removeAll()
        let latencies = Collected<Duration>()
        let seconds = DispatchGroup()
        let resubmitter = DispatchQueue(label: "resubmitter")
        let gate = WriterGate()
        gate.close(writer)
        for number in 0..<firsts {
            if number < resubmitting { seconds.enter() }
            writer.submit(WriterTests.insert("first-\(number)")) { _ in
                guard number < resubmitting else { return }
                resubmitter.async {
                    let submitted = ContinuousClock.now
                    writer.submit(WriterTests.insert("second-\(number)")) { _ in
                        latencies.append(ContinuousClock.now - submitted)
                        seconds.leave()
                    }
                }
            }
        }
        gate.open()
        let answered = seconds.wait(timeout: .now() + 30)
        writer.shutdown()
        #expect(answered == .success)
        #expect(try database.count("items") == firsts + resubmitting)
        return (batchSizes.all, latencies.all)
    }

    @Test func submittersAnsweringACompletionShareTheNextBatch() throws {
        // The eight second inserts arrive one by one from another thread; the writer waits for all eight (the window
        // is far longer than they take) instead of committing the first alone.
        let (batches, _) = try Self.run(window: .seconds(10), firsts: 8, resubmitting: 8)
        #expect(batches == [1, 8, 8])
    }

    @Test func theWriterWaitsNoLongerThanTheWindow() throws {
        // Only one of four submitters comes back: the writer waits the window for the other three, then commits it.
        let (batches, latencies) = try Self.run(window: .milliseconds(200), firsts: 4, resubmitting: 1)
        #expect(batches == [1, 4, 1])
        let latency = try #require(latencies.first)
        #expect(latency >= .milliseconds(200))
        #expect(latency < .seconds(5))
    }

    @Test func aZeroWindowNeverWaits() throws {
        // Without a window, a lone command after a batch commits as soon as the writer takes it.
        let (batches, latencies) = try Self.run(window: .zero, firsts: 4, resubmitting: 1)
        #expect(batches == [1, 4, 1])
        let latency = try #require(latencies.first)
        #expect(latency < .milliseconds(200))
    }
}
