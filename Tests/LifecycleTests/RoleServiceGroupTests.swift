import Lifecycle
import Locking
import Testing

/// `RoleServiceGroup`: the sub-list that moves with a node's role starts in order, pauses in reverse and starts again
/// as new instances, and ends for good with a stop.
@Suite struct RoleServiceGroupTests {
    typealias JournalService = ServiceGroupTests.JournalService

    /// A group over the journal whose period number shows in each service's name; `failing` names a service that
    /// fails to start.
    static func group(_ journal: Locked<[String]>, failing: Locked<String?> = Locked(nil)) -> RoleServiceGroup {
        let period = Locked(0)
        return RoleServiceGroup(name: "primary-services") {
            let number: Int = period.withLock { period -> Int in
                period += 1
                return period
            }
            let failingName: String? = failing.withLock { $0 }
            return ["jobs", "relay"].map { (name: String) -> any Service in
                JournalService(name: name + "#" + String(number), journal: journal, failsToStart: name == failingName)
            }
        }
    }

    @Test func aPausedGroupStartsAgainAsNewServices() throws {
        let journal = Locked<[String]>([])
        let group = Self.group(journal)
        #expect(try group.startIfIdle())
        #expect(group.isRunning && group.runningNames == ["jobs#1", "relay#1"])
        #expect(try group.startIfIdle() == false, "running already")
        #expect(group.pause(deadline: .seconds(1)))
        #expect(!group.isRunning)
        #expect(try group.startIfIdle())
        #expect(group.stop(deadline: .seconds(1)))
        #expect(journal.withLock { $0 } == [
            "start jobs#1", "start relay#1", "stop relay#1 within 1.0 seconds", "stop jobs#1 within 1.0 seconds",
            "start jobs#2", "start relay#2", "stop relay#2 within 1.0 seconds", "stop jobs#2 within 1.0 seconds",
        ])
    }

    @Test func aStoppedGroupNeverStartsAgain() throws {
        let journal = Locked<[String]>([])
        let group = Self.group(journal)
        #expect(group.stop(deadline: .seconds(1)))
        #expect(try group.startIfIdle() == false)
        #expect(group.pause(deadline: .seconds(1)))
        #expect(try group.startIfIdle() == false)
        #expect(journal.withLock { $0 }.isEmpty)
    }

    @Test func aFailedStartStopsWhatStartedAndCanBeTriedAgain() throws {
        let journal = Locked<[String]>([])
        let failing = Locked<String?>("relay")
        let group = Self.group(journal, failing: failing)
        #expect(throws: ServiceGroupTests.ServiceFailure(name: "relay#1")) { try group.startIfIdle() }
        #expect(!group.isRunning)
        failing.withLock { $0 = nil }
        #expect(try group.startIfIdle())
        #expect(journal.withLock { $0 } == [
            "start jobs#1", "start relay#1", "stop jobs#1 within 5.0 seconds", "start jobs#2", "start relay#2",
        ])
        group.stop(deadline: .seconds(1))
    }
}
