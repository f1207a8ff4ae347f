import Foundation
import Testing
import Telemetry

@Suite struct CounterTests {
    @Test func concurrentIncrementsAreAllCounted() throws {
        let registry = MetricsRegistry()
        let counter = try registry.makeCounter("worldgame_c_total", help: "h")
        let family = try registry.makeCounterFamily("worldgame_f_total", help: "h", labelNames: ["route"])
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<10_000 {
                counter.increment()
                family.labels(index % 2 == 0 ? "/even" : "/odd").increment(by: 2)
            }
            _ = thread
        }
        #expect(counter.value == 80_000)
        #expect(family.labels("/even").value == 80_000)
        #expect(family.labels("/odd").value == 80_000)
    }
}
