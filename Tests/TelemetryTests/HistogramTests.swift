import Foundation
import Testing
import Telemetry

@Suite struct HistogramTests {
    @Test(arguments: [(0.0, 0), (1.0, 0), (1.5, 1), (2.0, 1), (4.0, 2), (1e9, 3), (-5.0, 0)])
    func valuesLandInTheFirstBucketNotBelowThem(value: Double, bucketIndex: Int) throws {
        let registry = MetricsRegistry()
        let histogram = try registry.makeHistogram("worldgame_h", help: "h", buckets: [1, 2, 4])
        histogram.observe(value)
        let bounds = ["1", "2", "4", "+Inf"]
        for (index, bound) in bounds.enumerated() {
            #expect(registry.exposition().contains(#"worldgame_h_bucket{le="\#(bound)"} \#(index >= bucketIndex ? 1 : 0)"#))
        }
    }

    @Test func durationsAreRecordedInSeconds() throws {
        let histogram = try MetricsRegistry().makeHistogram("worldgame_h", help: "h", buckets: DefaultBuckets.latencySeconds)
        histogram.observe(.milliseconds(1500))
        histogram.observe(.microseconds(250))
        #expect(histogram.count == 2)
        #expect(abs(histogram.sum - 1.50025) < 1e-12)
    }

    @Test func concurrentObservationsAreAllCounted() throws {
        let histogram = try MetricsRegistry().makeHistogram("worldgame_h", help: "h", buckets: DefaultBuckets.batchSizes)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for index in 0..<5_000 { histogram.observe(Double(index % 2000)) }
        }
        #expect(histogram.count == 40_000)
    }

    @Test func defaultBuckets() {
        #expect(DefaultBuckets.latencySeconds.first == 0.0005)
        #expect(DefaultBuckets.latencySeconds.last == 10)
        #expect(DefaultBuckets.batchSizes == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024])
    }
}
