import Lifecycle
import Locking
import Testing

/// `ServiceGroup`: services start as they join and stop in reverse order, each with the whole deadline.
@Suite struct ServiceGroupTests {
    /// A service that writes what happens to it into a shared journal.
    struct JournalService: Service {
        let name: String
        let journal: Locked<[String]>
        var failsToStart = false
        var stopsInTime = true

        func start() throws {
            journal.withLock { $0.append("start \(name)") }
            if failsToStart { throw ServiceFailure(name: name) }
        }

        func stop(deadline: Duration) -> Bool {
            journal.withLock { $0.append("stop \(name) within \(deadline)") }
            return stopsInTime
        }
    }

    struct ServiceFailure: Error, Equatable {
        let name: String
    }

    @Test func servicesStartInOrderAndStopInReverse() throws {
        let journal = Locked<[String]>([])
        let group = ServiceGroup()
        for name in ["lock", "writer", "listener"] { try group.start(JournalService(name: name, journal: journal)) }
        #expect(group.names == ["lock", "writer", "listener"])
        #expect(group.stop(deadline: .seconds(3)))
        #expect(journal.withLock { $0 } == [
            "start lock", "start writer", "start listener",
            "stop listener within 3.0 seconds", "stop writer within 3.0 seconds", "stop lock within 3.0 seconds",
        ])
    }

    @Test func aServiceThatFailsToStartIsNotStoppedAndTheOthersStillAre() throws {
        let journal = Locked<[String]>([])
        let group = ServiceGroup()
        try group.start(JournalService(name: "writer", journal: journal))
        #expect(throws: ServiceFailure(name: "listener")) {
            try group.start(JournalService(name: "listener", journal: journal, failsToStart: true))
        }
        group.stop(deadline: .zero)
        #expect(journal.withLock { $0 } == ["start writer", "start listener", "stop writer within 0.0 seconds"])
    }

    @Test func oneLateServiceMakesTheWholeStopLateButEveryServiceStops() throws {
        let journal = Locked<[String]>([])
        let group = ServiceGroup()
        try group.start(JournalService(name: "jobs", journal: journal, stopsInTime: false))
        try group.start(JournalService(name: "listener", journal: journal))
        #expect(!group.stop(deadline: .seconds(1)))
        #expect(journal.withLock { $0 }.filter { $0.hasPrefix("stop") }.count == 2)
    }

    @Test func aStoppedGroupStopsNothingTwiceAndStartsNothingNew() throws {
        let journal = Locked<[String]>([])
        let group = ServiceGroup()
        try group.start(JournalService(name: "writer", journal: journal))
        group.stop(deadline: .zero)
        #expect(group.stop(deadline: .zero))
        #expect(throws: ServiceGroupError.stopped(service: "late")) {
            try group.start(JournalService(name: "late", journal: journal))
        }
        #expect(journal.withLock { $0 } == ["start writer", "stop writer within 0.0 seconds"])
    }
}
