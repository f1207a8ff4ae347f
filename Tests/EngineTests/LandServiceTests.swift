@testable import Engine
import Foundation
@testable import Game
import Jobs
import Store
import Telemetry
import Testing
import TestSupport

/// `LandService` on a real database: merges and upgrades commit the rule, its payment and its events together (and
/// nothing on a refusal), and a resource run enqueues its chunks on the job queue the service was built with.
@Suite struct LandServiceTests {
    @Test func aMergeCommitsThePlotChargesTheFeeAndPublishesAfterTheCommit() throws {
        let fixture = try EngineFixture(.landOwners)
        let squareIDs = ["0,0", "1,0", "0,1"].map(fixture.id)
        let result = try fixture.wait { fixture.land.merge(playerID: 1, squareIDs: squareIDs, completion: $0) }
        #expect(result.merge.ownerID == 1)
        #expect(result.merge.squareIDs == squareIDs.sorted())
        #expect(result.merge.goldCost == 150 && result.merge.bonusPercent == 10)
        #expect(result.merge.createdAt == EngineFixture.epoch)
        #expect(result.squares.map(\.id) == squareIDs.sorted())
        let stored = try fixture.read { connection in
            try connection.query("SELECT merge_id FROM land_squares WHERE id IN (?1, ?2, ?3)",
                                 squareIDs.map { $0 as any SQLiteBindable }).map { try $0.optionalInt64("merge_id") }
        }
        #expect(stored == [result.merge.id, result.merge.id, result.merge.id])
        let gold = try fixture.read { try Ledger.holdings(playerID: 1, in: $0) }.available[.gold]
        #expect(gold == 850)
        let types = fixture.events.all.map(\.type)
        #expect(types.filter { $0 == "merge_completed" }.count == 1)
        #expect(types.filter { $0 == "square_updated" }.count == 3)
    }

    /// Why a merge of the positions is refused.
    enum Refusal: String, CaseIterable, Sendable {
        case notAdjacent, tooFew, duplicate, unknownSquare, notOwner

        var positions: [String] {
            switch self {
            case .notAdjacent: ["0,0", "2,0"]
            case .tooFew: ["0,0"]
            case .duplicate: ["0,0", "0,0"]
            case .unknownSquare: ["0,0", "nowhere"]
            case .notOwner: ["0,0", "5,5"]
            }
        }

        func expected(_ fixture: EngineFixture) -> any Error {
            switch self {
            case .notAdjacent: ResourceRuleError.notAdjacent(squareIDs: positions.map(fixture.id).sorted())
            case .tooFew: ResourceRuleError.mergeSize(count: 1, minimum: 2, maximum: 9)
            case .duplicate: ResourceRuleError.duplicateSquare(squareID: fixture.id("0,0"))
            case .unknownSquare: GameError.squareNotFound(squareID: fixture.id("nowhere"))
            case .notOwner: ResourceRuleError.notOwner(squareID: fixture.id("5,5"), ownerID: 2)
            }
        }
    }

    @Test(arguments: Refusal.allCases)
    func aRefusedMergeChangesNothingAndPublishesNothing(_ refusal: Refusal) throws {
        let fixture = try EngineFixture(.landOwners)
        let before = try fixture.rowCounts()
        let error = fixture.failure {
            fixture.land.merge(playerID: 1, squareIDs: refusal.positions.map(fixture.id), completion: $0)
        }
        #expect(Self.same(error, refusal.expected(fixture)), "\(String(describing: error))")
        #expect(try fixture.rowCounts() == before)
        #expect(fixture.events.all.isEmpty)
    }

    @Test func anUpgradePaysGoldAndTheResourceAndPublishes() throws {
        let fixture = try EngineFixture(.landOwners)
        let farm = fixture.id("0,0")
        let result = try fixture.wait { fixture.land.upgrade(playerID: 1, squareID: farm, kind: .farmLevel, completion: $0) }
        #expect(result.level == 2 && result.square.id == farm)
        #expect(result.cost == UpgradeCost(gold: 200, resource: .wheat, resourceAmount: 40))
        let holdings = try fixture.read { try Ledger.holdings(playerID: 1, in: $0) }
        #expect(holdings.available[.gold] == 800 && holdings.available[.wheat] == 960)
        #expect(fixture.events.all.contains { $0.type == "square_updated" && $0.topic == "square:\(farm)" })
    }

    @Test func aRefusedUpgradeChangesNothing() throws {
        let fixture = try EngineFixture(.landOwners)
        let before = try fixture.rowCounts()
        let error = fixture.failure {
            fixture.land.upgrade(playerID: 1, squareID: fixture.id("0,0"), kind: .oilTechnology, completion: $0)
        }
        #expect(error as? ResourceRuleError == .upgradeNotApplicable(kind: .oilTechnology, resourceKind: "farm"))
        #expect(try fixture.rowCounts() == before)
        #expect(fixture.events.all.isEmpty)
    }

    /// The service's queue is the one the job system claims from: a run's first chunk is a job on it, timed by its
    /// wall clock, and the next chunks follow on the same queue until the run completes.
    @Test func aResourceRunEnqueuesItsChunksOnTheServicesQueue() throws {
        let fixture = try EngineFixture(.landOwners)
        fixture.clock.set(milliseconds: EngineFixture.epoch + 5_000)
        let land = fixture.land
        try fixture.writer.performAndWait { transaction in
            try land.startRun(logger: Logger(label: "test", level: .error, sink: InMemoryLogSink()),
                                      in: transaction)
        }
        let first = try fixture.read { connection in
            try connection.queryOne("SELECT kind, created_at, dedupe_key FROM jobs WHERE kind = ?", [ResourceJobs.chunkKind])
        }
        let row = try #require(first)
        #expect(try row.int64("created_at") == EngineFixture.epoch + 5_000)
        #expect(try row.string("dedupe_key").hasPrefix("resource-run:"))
        var handlers = JobHandlers()
        ResourceJobs.register(in: &handlers, land: fixture.land)
        let runner = JobRunner(owner: "test", queue: fixture.queue, handlers: handlers,
                               logger: Logger(label: "test", level: .error, sink: InMemoryLogSink()), unitRandom: { 0 })
        while try runner.runDueJobs() > 0 {}
        let run = try fixture.read { try ResourceRuns.list(limit: 1, in: $0).first }
        #expect(run?.status == .completed)
        #expect(fixture.events.all.contains { $0.type == "resource_run_completed" })
    }

    /// Whether `error` is `expected` (both a `ResourceRuleError` or both a `GameError`, and equal).
    static func same(_ error: (any Error)?, _ expected: any Error) -> Bool {
        if let expected = expected as? ResourceRuleError { return error as? ResourceRuleError == expected }
        if let expected = expected as? GameError { return error as? GameError == expected }
        return false
    }
}
