import Engine
import Game
import Jobs
import Store
import Telemetry
import Testing

/// The demo cadence: a fresh demo world gets short auctions of unowned land at once and keeps at least
/// N open, through the persisted scheduler and the job queue, without doubling and never touching owned land. Every
/// time rule runs on the fixture's manual clock.
@Suite struct DemoAuctionsTests {
    static let settings = DemoAuctionSettings(openTarget: 3, intervalSeconds: 15, durationSeconds: 120, reservePrice: 10)

    /// The fixture's engine and a runner that knows the demo handler as well as the auction handlers.
    private static func runner(_ fixture: EngineFixture, settings: DemoAuctionSettings = settings) -> JobRunner {
        var handlers = JobHandlers()
        AuctionJobs.register(in: &handlers, auctions: fixture.auctions)
        DemoAuctions.register(in: &handlers, auctions: fixture.auctions, settings: settings)
        return JobRunner(owner: "demo-test", queue: fixture.auctions.queue, handlers: handlers,
                         logger: Logger(label: "demo-test", level: .debug, sink: fixture.logSink), unitRandom: { 0 })
    }

    private static func open(_ fixture: EngineFixture) throws -> [Auction] {
        try fixture.read { try Auctions.list(open: true, limit: 1_000, in: $0) }
    }

    @Test func theStartupRunOpensShortAuctionsOfMixedTypesOnUnownedLand() throws {
        let fixture = try EngineFixture()
        let runner = Self.runner(fixture)
        try fixture.auctions.queue.enqueue(DemoAuctions.startupJob)
        #expect(try runner.runDueJobs() == 1)
        let auctions = try Self.open(fixture)
        #expect(auctions.count == 3)
        #expect(Set(auctions.map(\.auctionType)) == ["open", "blind", "vickrey"])
        let now = fixture.clock.now.rawValue
        #expect(auctions.map { ($0.endTime - now) / 1000 }.sorted() == [120, 135, 150])
        #expect(auctions.allSatisfy { $0.reservePrice == 10 && $0.sellerID == nil && $0.landSquares.count == 1 })
        #expect(try fixture.jobs(kind: AuctionService.settleKind).count == 3)
    }

    @Test func runningAgainOrTwiceAtOnceNeverDoubles() throws {
        let fixture = try EngineFixture()
        let runner = Self.runner(fixture)
        try fixture.auctions.queue.enqueue(DemoAuctions.startupJob)
        // A second start-up run while the first is queued is refused by its dedupe key; a scheduled run is not.
        #expect(try fixture.auctions.queue.enqueue(DemoAuctions.startupJob) == nil)
        try fixture.auctions.queue.enqueue(NewJob(kind: DemoAuctions.kind))
        #expect(try runner.runDueJobs() == 2)
        #expect(try Self.open(fixture).count == 3)
        try fixture.auctions.queue.enqueue(DemoAuctions.startupJob)
        #expect(try runner.runDueJobs() == 1)
        #expect(try Self.open(fixture).count == 3)
    }

    @Test func thePersistedScheduleTopsUpAsAuctionsSettle() throws {
        let fixture = try EngineFixture()
        let runner = Self.runner(fixture)
        let scheduler = try JobScheduler(queue: fixture.auctions.queue, schedules: [DemoAuctions.schedule(Self.settings)],
                                         logger: Logger(label: "demo-test", level: .debug, sink: fixture.logSink))
        try scheduler.register()
        #expect(try scheduler.tick().isEmpty)
        fixture.clock.advance(by: .seconds(15))
        #expect(try scheduler.tick().count == 1)
        _ = try runner.runDueJobs()
        let first = try Self.open(fixture)
        #expect(first.count == 3)
        // A "restart": registering again keeps the next run time, so the tick in the same interval enqueues nothing.
        try scheduler.register()
        #expect(try scheduler.tick().isEmpty)
        // The first auction ends and settles; the next scheduled run replaces it, and only it.
        fixture.clock.advance(by: .seconds(121))
        while try runner.runDueJobs() > 0 {}
        #expect(try Self.open(fixture).count == 2)
        #expect(try scheduler.tick().count == 1)
        while try runner.runDueJobs() > 0 {}
        let second = try Self.open(fixture)
        #expect(second.count == 3)
        #expect(Set(second.map(\.id)).intersection(first.map(\.id)).count == 2)
        let replaced = try #require(second.first { !first.map(\.id).contains($0.id) })
        #expect(!first.flatMap(\.landSquares).contains(replaced.landSquares[0]))
        #expect(try fixture.failedChecks().isEmpty)
    }

    @Test func ownedLockedAndListedSquaresAreNeverPicked() throws {
        let fixture = try EngineFixture()
        let owner = try fixture.register("owner")
        let open = try fixture.openSquares(2_000)
        let keepFree = Set(open.suffix(2))
        try fixture.writer.performAndWait { transaction in
            for id in open where !keepFree.contains(id) {
                try transaction.run("UPDATE land_squares SET owner_id = ? WHERE id = ?", [owner.id, id])
            }
        }
        let runner = Self.runner(fixture)
        try fixture.auctions.queue.enqueue(DemoAuctions.startupJob)
        _ = try runner.runDueJobs()
        let auctions = try Self.open(fixture)
        #expect(Set(auctions.flatMap(\.landSquares)) == keepFree)
        let picked = try fixture.read { try UnownedSquareQuery.free(limit: 10, in: $0) }
        #expect(picked.isEmpty)
    }

    @Test func theOrderPrefersSquaresNeverAuctionedThenTheNearest() throws {
        let fixture = try EngineFixture()
        let picked = try fixture.read { try UnownedSquareQuery.free(limit: 4, in: $0) }
        let distances = try fixture.read { connection in
            try picked.map { id in
                try connection.queryOne("SELECT x * x + y * y AS d FROM land_squares WHERE id = ?", [id])?.int64("d") ?? -1
            }
        }
        #expect(distances == distances.sorted() && distances.first == 0)
        _ = try fixture.create("open", squares: [picked[0]], seconds: 60)
        fixture.clock.advance(by: .seconds(61))
        while try fixture.runner.runDueJobs() > 0 {}
        let next = try fixture.read { try UnownedSquareQuery.free(limit: 5_000, in: $0) }
        #expect(next.last == picked[0])
    }

    @Test func aDisabledCadenceCreatesNothing() throws {
        let fixture = try EngineFixture()
        let settings = DemoAuctionSettings(openTarget: 0)
        let runner = Self.runner(fixture, settings: settings)
        try fixture.auctions.queue.enqueue(DemoAuctions.startupJob)
        _ = try runner.runDueJobs()
        #expect(try Self.open(fixture).isEmpty)
        #expect(!settings.isEnabled)
    }
}
