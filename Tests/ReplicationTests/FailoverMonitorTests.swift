@testable import Replication
import Testing

/// `FailoverMonitor`: fencing on a higher term, opt-in auto-promotion after silence, never twice.
@Suite struct FailoverMonitorTests {
    let start = ContinuousClock.now

    @Test func aPrimaryThatSeesAHigherTermFencesItselfOnce() {
        var monitor = FailoverMonitor(role: .primary, term: 3, autoPromoteAfter: nil, now: start)
        #expect(monitor.observe(.peer(isPrimary: false, term: 3, url: "http://b"), at: start) == .none)
        #expect(monitor.observe(.silent, at: start + .seconds(60)) == .none)
        #expect(monitor.observe(.peer(isPrimary: true, term: 4, url: "http://b"), at: start + .seconds(61))
                == .fence(newTerm: 4, primaryURL: "http://b"))
        #expect(monitor.role == .fenced && monitor.term == 4)
        #expect(monitor.observe(.peer(isPrimary: true, term: 5, url: "http://b"), at: start + .seconds(62)) == .none)
        #expect(monitor.term == 5)
    }

    @Test func aPrimaryIgnoresAPeerInTheSameOrAnOlderTerm() {
        var monitor = FailoverMonitor(role: .primary, term: 7, autoPromoteAfter: .seconds(5), now: start)
        #expect(monitor.observe(.peer(isPrimary: true, term: 7, url: "http://b"), at: start) == .none)
        #expect(monitor.observe(.peer(isPrimary: true, term: 6, url: "http://b"), at: start) == .none)
        #expect(monitor.observe(.silent, at: start + .seconds(600)) == .none, "a primary never auto-promotes")
        #expect(monitor.role == .primary)
    }

    @Test func autoPromotionIsOffByDefault() {
        var monitor = FailoverMonitor(role: .standby, term: 1, autoPromoteAfter: nil, now: start)
        #expect(monitor.observe(.silent, at: start + .seconds(86_400)) == .none)
    }

    @Test(arguments: [(heardAt: 0, silentAt: 9, expectPromote: false), (heardAt: 0, silentAt: 10, expectPromote: true),
                      (heardAt: 5, silentAt: 14, expectPromote: false), (heardAt: 5, silentAt: 16, expectPromote: true)])
    func aStandbyPromotesAfterTheConfiguredSilence(heardAt: Int, silentAt: Int, expectPromote: Bool) {
        var monitor = FailoverMonitor(role: .standby, term: 2, autoPromoteAfter: .seconds(10), now: start)
        _ = monitor.observe(.peer(isPrimary: true, term: 2, url: "http://a"), at: start + .seconds(heardAt))
        let action = monitor.observe(.silent, at: start + .seconds(silentAt))
        #expect(action == (expectPromote ? .promote(silence: .seconds(silentAt - heardAt)) : .none))
    }

    @Test func aStandbyPromotesOnlyOnceAndThenActsAsPrimary() {
        var monitor = FailoverMonitor(role: .standby, term: 2, autoPromoteAfter: .seconds(1), now: start)
        #expect(monitor.observe(.silent, at: start + .seconds(2)) == .promote(silence: .seconds(2)))
        #expect(monitor.observe(.silent, at: start + .seconds(3)) == .none)
        monitor.promoted(toTerm: 3, at: start + .seconds(3))
        #expect(monitor.role == .primary && monitor.term == 3)
        // The old primary comes back in term 2: it is the one to fence itself, this node keeps its writes.
        #expect(monitor.observe(.peer(isPrimary: true, term: 2, url: "http://a"), at: start + .seconds(4)) == .none)
    }

    @Test func aPrimaryThatSteppedDownFollowsTheNextTermWithoutFencing() {
        var monitor = FailoverMonitor(role: .primary, term: 4, autoPromoteAfter: nil, now: start)
        monitor.steppedDown(term: 4, at: start)
        #expect(monitor.role == .standby)
        // The standby it handed over to promotes itself into term 5: no fence, and never an auto-promotion.
        #expect(monitor.observe(.peer(isPrimary: true, term: 5, url: "http://b"), at: start + .seconds(1)) == .none)
        #expect(monitor.observe(.silent, at: start + .seconds(600)) == .none)
        #expect(monitor.role == .standby && monitor.term == 5)
        // Handed back (a switchover the other way): a primary again, fenced by any later higher term as before.
        monitor.promoted(toTerm: 6, at: start + .seconds(601))
        #expect(monitor.observe(.peer(isPrimary: true, term: 7, url: "http://b"), at: start + .seconds(602))
                == .fence(newTerm: 7, primaryURL: "http://b"))
    }
}
