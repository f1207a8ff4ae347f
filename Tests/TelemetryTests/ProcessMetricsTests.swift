import Foundation
import Testing
@testable import Telemetry

@Suite struct ProcessMetricsTests {
    @Test func registersTheFourProcessMetricsWithPlausibleValues() throws {
        let registry = MetricsRegistry()
        try ProcessMetrics.register(in: registry, startTime: .now - .seconds(5))
        let text = registry.exposition()
        for name in ["worldgame_process_resident_memory_bytes", "worldgame_process_open_fds",
                     "worldgame_process_uptime_seconds", "worldgame_process_cpu_seconds_total"] {
            #expect(text.contains("# HELP \(name) "))
        }
        #expect(text.contains("# TYPE worldgame_process_cpu_seconds_total counter"))
        let values = Dictionary(uniqueKeysWithValues: text.split(separator: "\n").filter { !$0.hasPrefix("#") }.compactMap {
            line -> (String, Double)? in
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Double(parts[1]) else { return nil }
            return (String(parts[0]), value)
        })
        #expect((values["worldgame_process_resident_memory_bytes"] ?? 0) > 1_000_000)
        #expect((values["worldgame_process_open_fds"] ?? 0) >= 3)
        #expect((values["worldgame_process_uptime_seconds"] ?? 0) >= 5)
        #expect((values["worldgame_process_cpu_seconds_total"] ?? 0) > 0)
        #expect(throws: MetricsError.duplicateName("worldgame_process_resident_memory_bytes")) {
            try ProcessMetrics.register(in: registry, startTime: .now)
        }
    }
}
