import ClockTesting
import Replication
import Telemetry
import Testing

/// The replication gauges the alert rules read (`ops/prometheus/worldgame-alerts.yml`): fenced and standby contact age.
@Suite struct ReplicationMetricsTests {
    /// The value of the unlabelled gauge `name` in `registry`'s exposition.
    static func value(_ name: String, in registry: MetricsRegistry) -> Double? {
        for line in registry.exposition().split(separator: "\n") where line.hasPrefix(name + " ") {
            return Double(line.dropFirst(name.count + 1))
        }
        return nil
    }

    @Test func fencedGaugeFollowsTheNodeState() throws {
        let registry = MetricsRegistry()
        let node = ReplicationNode(role: .primary, term: 2, headSeq: 10, headChecksum: [0], headCommittedAtMilliseconds: 0,
                                   primaryURL: nil)
        try ReplicationMetrics.register(in: registry, node: node, clock: ManualClock())
        #expect(Self.value("worldgame_replication_fenced", in: registry) == 0)
        node.update { $0.isFenced = true }
        #expect(Self.value("worldgame_replication_fenced", in: registry) == 1)
    }

    @Test func lagSecondsAreMeasuredOnTheInjectedClock() throws {
        let registry = MetricsRegistry()
        let clock = ManualClock(milliseconds: 10_000)
        let node = ReplicationNode(role: .standby, term: 1, headSeq: 4, headChecksum: [0], headCommittedAtMilliseconds: 0,
                                   primaryURL: nil)
        node.update { state in
            state.primaryHeadSeq = 6
            state.primaryHeadCommittedAtMilliseconds = 8_500
        }
        try ReplicationMetrics.register(in: registry, node: node, clock: clock)
        #expect(Self.value("worldgame_replication_lag_seconds", in: registry) == 1.5)
        clock.advance(by: .seconds(2))
        #expect(Self.value("worldgame_replication_lag_seconds", in: registry) == 3.5)
    }

    @Test func standbyContactAgeIsMinusOneUntilAStandbyAsks() throws {
        let registry = MetricsRegistry()
        let feed = ReplicationFeed()
        try ReplicationMetrics.register(in: registry, feed: feed)
        #expect(feed.lastStandbyContact == nil)
        #expect(Self.value("worldgame_replication_standby_contact_age_seconds", in: registry) == -1)
        let before = ContinuousClock.now
        feed.acknowledge(standby: "b", seq: 5)
        let contact = try #require(feed.lastStandbyContact)
        #expect(contact >= before)
        let age = try #require(Self.value("worldgame_replication_standby_contact_age_seconds", in: registry))
        #expect(age >= 0 && age < Double((ContinuousClock.now - before).components.seconds + 1))
        // An acknowledgement that does not move the seq forward is still contact.
        feed.acknowledge(standby: "b", seq: 3)
        #expect(try #require(feed.lastStandbyContact) >= contact)
    }
}
