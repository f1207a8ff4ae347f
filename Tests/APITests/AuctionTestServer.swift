import API
import ClockTesting
import Engine
import Foundation
import Game
import HTTP
import Jobs
import Locking
import Net
import Store
import Telemetry
import TestSupport

/// A real API server on 127.0.0.1 with the auction engine wired as the node wires it, a manual clock shared by the
/// game and the queue, a job runner with the auction handlers, a debug-level in-memory log and a collecting bus.
final class AuctionTestServer: Sendable {
    let directory: TemporaryDirectory
    let storeConfiguration: StoreConfiguration
    let writer: Writer
    let readers: ReaderPool
    let loops: EventLoopGroup
    let environment: APIEnvironment
    let server: HTTPServer
    let clock = ManualClock(milliseconds: TestServer.epoch)
    let logSink = InMemoryLogSink()
    let registry = MetricsRegistry()
    let bus = EventBus()
    let events = CollectedEvents()
    let engine: AuctionService
    let runner: JobRunner

    init(loopCount: Int = 2) throws {
        directory = try TemporaryDirectory(prefix: "worldgame-auctions")
        storeConfiguration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: storeConfiguration)
        writer = try Writer(configuration: storeConfiguration)
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true), clock: clock)
        readers = try ReaderPool(configuration: storeConfiguration, count: loopCount)
        loops = try EventLoopGroup(loopCount: loopCount)
        let logger = Logger(label: "auction-test", level: .debug, sink: logSink)
        var configuration = APIConfiguration()
        configuration.passwordIterations = 1_000
        configuration.loginUsernamePolicy = RateLimitPolicy(capacity: 1_000, refillInterval: .seconds(1))
        configuration.loginAddressPolicy = RateLimitPolicy(capacity: 1_000, refillInterval: .seconds(1))
        environment = try APIEnvironment(configuration: configuration, writer: writer, readers: readers,
                                         secret: Redacted([UInt8](repeating: 9, count: 32)), logger: logger,
                                         metricsRegistry: registry, clock: clock)
        let events = events
        bus.subscribe { published in events.withLock { $0 += published } }
        var jobsConfiguration = JobsConfiguration(workerCount: 0)
        jobsConfiguration.retryPolicy = JobRetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(1), jitterFraction: 0)
        let queue = JobQueue(writer: writer, clock: clock, configuration: jobsConfiguration)
        engine = try AuctionService(writer: writer, queue: queue, clock: clock, bus: bus, registry: registry, logger: logger)
        var handlers = JobHandlers()
        AuctionJobs.register(in: &handlers, auctions: engine)
        runner = JobRunner(owner: "test", queue: engine.queue, handlers: handlers, logger: logger, unitRandom: { 0 })
        var router = Router()
        TestServer.addSystemRoutes(to: &router)
        APIRoutes.register(in: &router, environment: environment,
                           land: LandService(queue: queue, clock: clock, bus: environment.events),
                           players: PlayerService(writer: writer, clock: clock, startingGold: configuration.startingGold,
                                                  bus: environment.events),
                           auctions: engine)
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.port = 0
        server = HTTPServer(configuration: serverConfiguration, group: loops, router: router)
        try server.start()
    }

    deinit {
        _ = server.shutdown(deadline: .seconds(2))
        environment.shutdown()
        readers.close()
        writer.shutdown()
        loops.shutdown()
    }

    func client() throws -> HTTPClient { try HTTPClient(host: "127.0.0.1", port: server.localPort) }

    /// Registers `username` over HTTP and returns (player id, token); `admin` promotes it and logs in again.
    func player(_ username: String, admin: Bool = false) throws -> (id: Int64, token: String) {
        let client = try client()
        defer { client.close() }
        let credentials = #"{"username":"\#(username)","password":"correct-horse"}"#
        let registered = try client.post("/api/auth/register", json: credentials)
        guard case .integer(let id)? = registered.json?["player"]?["id"],
              case .string(var token)? = registered.json?["token"] else {
            throw AuctionTestError.unexpected(registered.bodyText)
        }
        if admin {
            try writer.performAndWait { transaction in
                try transaction.run("UPDATE players SET role = 'admin' WHERE id = ?", [id])
            }
            guard case .string(let adminToken)? = try client.post("/api/auth/login", json: credentials).json?["token"] else {
                throw AuctionTestError.unexpected("login")
            }
            token = adminToken
        }
        return (id, token)
    }

    /// Starts an auction through `POST /api/admin/auctions`; returns its id.
    func startAuction(admin: String, type: String, squares: [Int64], seconds: Int, reserve: Int64 = 0) throws -> Int64 {
        let client = try client()
        defer { client.close() }
        let body = #"{"landSquares":[\#(squares.map(String.init).joined(separator: ","))],"auctionType":"\#(type)","#
            + #""durationSeconds":\#(seconds),"reservePrice":\#(reserve)}"#
        let response = try client.post("/api/admin/auctions", json: body, token: admin)
        guard response.status == 201, case .integer(let id)? = response.json?["id"] else {
            throw AuctionTestError.unexpected(response.bodyText)
        }
        return id
    }

    /// Puts `square` up through the owner's `POST /api/land-squares/{id}/auctions`; returns the auction's id.
    func startOwnerAuction(token: String, square: Int64, type: String, seconds: Int, reserve: Int64 = 0) throws -> Int64 {
        let client = try client()
        defer { client.close() }
        let response = try client.post("/api/land-squares/\(square)/auctions", json: #"{"auctionType":"\#(type)","#
            + #""durationSeconds":\#(seconds),"reservePrice":\#(reserve)}"#, token: token)
        guard response.status == 201, case .integer(let id)? = response.json?["id"] else {
            throw AuctionTestError.unexpected(response.bodyText)
        }
        return id
    }

    func openSquares(_ count: Int) throws -> [Int64] {
        try read { connection in
            try connection.query("SELECT id FROM land_squares WHERE is_locked = 0 ORDER BY id LIMIT ?", [Int64(count)])
                .map { try $0.int64("id") }
        }
    }

    func read<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try Connection(configuration: storeConfiguration, readOnly: true)
        defer { connection.close() }
        return try body(connection)
    }

    /// Gold (available, escrow) of `playerID`.
    func gold(_ playerID: Int64) throws -> (available: Int64, escrow: Int64) {
        let holdings = try read { try Ledger.holdings(playerID: playerID, in: $0) }
        return (holdings.available[.gold] ?? 0, holdings.escrow[.gold] ?? 0)
    }

    func failedChecks() throws -> [String] {
        try read { connection in
            try connection.execute("BEGIN")
            defer { try? connection.execute("COMMIT") }
            return try LedgerAudit.run(in: connection).filter { !$0.passed }.map { "\($0.name): \($0.violations)" }
        }
    }

    /// Moves the clock to `milliseconds` and runs every due job.
    func runJobs(at milliseconds: Int64) throws {
        clock.set(milliseconds: milliseconds)
        while try runner.runDueJobs() > 0 {}
    }
}

enum AuctionTestError: Error {
    case unexpected(String)
}

/// The events a test bus delivered, shared between the writer thread (publishing) and the test.
final class CollectedEvents: Sendable {
    private let events = Locked<[DomainEvent]>([])

    func withLock<T>(_ body: (inout [DomainEvent]) -> T) -> T { events.withLock { body(&$0) } }
}
