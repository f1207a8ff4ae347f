import Testing
@testable import Telemetry

@Suite struct LabeledSeriesTests {
    @Test func familiesStopGrowingAtMaxSeriesAndFoldTheRestIntoOther() throws {
        let registry = MetricsRegistry()
        let family = try registry.makeCounterFamily(
            "worldgame_x_total", help: "h", labelNames: ["route", "status"], maxSeries: 3)
        let first = family.labels("/a", "200")
        for index in 0..<100 {
            family.labels("/p\(index)", "200").increment()
        }
        #expect(family.series.seriesCount == 4)
        #expect(family.labels("/a", "200") === first)
        #expect(family.labels("other", "other").value == 98)
        #expect(family.labels("/p0", "200").value == 1)
        #expect(family.labels("/never-seen", "404") === family.labels("other", "other"))
        #expect(registry.exposition().contains(#"worldgame_x_total{route="other",status="other"} 98"#))
    }

    @Test func sameLabelValuesReturnTheSameChild() throws {
        let registry = MetricsRegistry()
        let gauges = try registry.makeGaugeFamily("worldgame_g", help: "h", labelNames: ["loop"])
        #expect(gauges.labels("0") === gauges.labels(["0"]))
        #expect(gauges.labels("0") !== gauges.labels("1"))
        let histograms = try registry.makeHistogramFamily("worldgame_h", help: "h", labelNames: [], buckets: [1])
        #expect(histograms.labels() === histograms.labels([]))
    }

    @Test func defaultBoundIsOneThousand() throws {
        let family = try MetricsRegistry().makeHistogramFamily("worldgame_h", help: "h", labelNames: ["id"], buckets: [1])
        for index in 0..<1_500 { family.labels(String(index)).observe(1) }
        #expect(family.series.seriesCount == 1_001)
    }
}
