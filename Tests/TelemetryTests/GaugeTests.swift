import Foundation
import Testing
import Telemetry

@Suite struct GaugeTests {
    @Test func concurrentAddsAreAllApplied() throws {
        let gauge = try MetricsRegistry().makeGauge("worldgame_g", help: "h")
        gauge.set(100)
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            for _ in 0..<5_000 {
                gauge.add(1)
                gauge.add(-0.5)
            }
        }
        #expect(gauge.value == 100 + 8 * 5_000 * 0.5)
    }
}
