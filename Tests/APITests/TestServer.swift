import API
import ClockTesting
import Engine
import Foundation
import Game
import HTTP
import Jobs
import Net
import Store
import Telemetry
import TestSupport

/// A real API server on 127.0.0.1 (ephemeral port) over a migrated demo world in a temp dir, with the domain services
/// wired as the node wires them: one writer, one job queue, one bus, one metrics registry and a manual clock shared by
/// the game and the queue. It serves the game API, the auctions and the marketplace; `Options.admin` adds the
/// operators' routes.
///
/// The queue has no workers: `runJobs(at:)` moves the clock and runs the due jobs on the test's thread. The log is
/// debug-level and kept in memory (`logSink`), and `events` collects what the bus delivered, so tests can look for
/// leaks in every channel.
final class TestServer: Sendable {
    /// What a test server adds to the routes it always serves.
    struct Options: OptionSet, Sendable {
        let rawValue: Int

        /// The operators' routes under `/api/admin/`, an `operator` admin account (password `adminPassword`) and the
        /// market maker's account and orders.
        static let admin = Options(rawValue: 1 << 0)
        /// Login buckets of 1,000 a second, for tests that log many players in from the one address.
        static let manyLogins = Options(rawValue: 1 << 1)
    }

    static let epoch: Int64 = 1_717_200_000_000
    static let adminPassword = "operator password"
    let directory: TemporaryDirectory
    let storeConfiguration: StoreConfiguration
    let writer: Writer
    let readers: ReaderPool
    let loops: EventLoopGroup
    let environment: APIEnvironment
    let clock = ManualClock(milliseconds: TestServer.epoch)
    let secret = Redacted([UInt8](repeating: 7, count: 32))
    let logSink = InMemoryLogSink()
    let registry = MetricsRegistry()
    let events = Collected<DomainEvent>()
    /// The node's services, over the server's writer, queue, clock and bus; the routes write only through them.
    let land: LandService
    let players: PlayerService
    let auctions: AuctionService
    let market: MarketService
    /// Runs the auction jobs the queue holds when a test calls `runJobs(at:)`.
    let runner: JobRunner
    let server: HTTPServer

    init(_ options: Options = [], configure: (inout APIConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "worldgame-api")
        storeConfiguration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: storeConfiguration)
        writer = try Writer(configuration: storeConfiguration,
                            preCommitStep: SquareObjects.preCommitStep(isPrimary: { true }))
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true), clock: clock)
        readers = try ReaderPool(configuration: storeConfiguration, count: 2)
        loops = try EventLoopGroup(loopCount: 2)
        var configuration = APIConfiguration()
        configuration.passwordIterations = 1_000
        if options.contains(.manyLogins) {
            configuration.loginUsernamePolicy = RateLimitPolicy(capacity: 1_000, refillInterval: .seconds(1))
            configuration.loginAddressPolicy = RateLimitPolicy(capacity: 1_000, refillInterval: .seconds(1))
        }
        configure(&configuration)
        let logger = Logger(label: "api-test", level: .debug, sink: logSink)
        let bus = EventBus()
        bus.subscribe { [events] published in events.append(contentsOf: published) }
        environment = try APIEnvironment(configuration: configuration, writer: writer, readers: readers, secret: secret,
                                         logger: logger, metricsRegistry: registry, clock: clock, events: bus)
        var jobsConfiguration = JobsConfiguration(workerCount: 0)
        jobsConfiguration.retryPolicy = JobRetryPolicy(baseDelay: .seconds(1), maxDelay: .seconds(1), jitterFraction: 0)
        let queue = JobQueue(writer: writer, clock: clock, configuration: jobsConfiguration)
        market = try MarketService(writer: writer, clock: clock, bus: bus, registry: registry)
        var auctionConfiguration = AuctionServiceConfiguration()
        auctionConfiguration.market = market.configuration
        auctions = try AuctionService(writer: writer, queue: queue, clock: clock, bus: bus,
                                      configuration: auctionConfiguration, registry: registry, logger: logger)
        land = LandService(queue: queue, configuration: configuration.resources, clock: clock, bus: bus)
        players = PlayerService(writer: writer, clock: clock, startingGold: configuration.startingGold, bus: bus)
        var jobHandlers = JobHandlers()
        AuctionJobs.register(in: &jobHandlers, auctions: auctions)
        runner = JobRunner(owner: "test", queue: queue, handlers: jobHandlers, logger: logger, unitRandom: { 0 })
        var handlers = RouteHandlers(system: Self.systemRoutes)
        handlers.addGame(environment: environment, land: land, players: players, auctions: auctions)
        handlers.addMarket(environment: environment, market: market)
        if options.contains(.admin) {
            try market.prepare()
            try Self.registerOperator(writer: writer, environment: environment)
            handlers.addAdmin(environment: environment, services: AdminServices(
                auctions: auctions, market: market, players: players, jobs: queue,
                health: { AdminNodeHealth(role: "primary", term: 1, release: "test", schemaVersion: 15, isReady: true) }))
        }
        var router = Router()
        RouteTable.register(in: &router, listener: .api, handlers: handlers)
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.port = 0
        server = HTTPServer(configuration: serverConfiguration, group: loops, router: router)
        try server.start()
    }

    /// Stand-ins for the App's `/health` and `/ready` handlers, served through `RouteTable` like the node's own
    /// (`/metrics` and the replication endpoints are on the internal listener).
    static let systemRoutes = SystemRouteHandlers(
        health: { _, _, responder in responder.respond(.json(bytes: Array(#"{"status":"ok"}"#.utf8))) },
        ready: { _, _, responder in responder.respond(.json(bytes: Array(#"{"status":"ready","role":"primary"}"#.utf8))) },
        metrics: { _, _, responder in responder.respond(.text("")) })

    /// The `operator` admin account of `Options.admin`.
    private static func registerOperator(writer: Writer, environment: APIEnvironment) throws {
        let hash = try environment.hasher.hash(Redacted(adminPassword))
        let now = environment.clock.now.rawValue
        _ = try writer.performAndWait { transaction in
            try Players.register(username: "operator", passwordHash: hash, role: .admin, startingGold: 0, now: now,
                                 in: transaction)
        }
    }

    deinit {
        _ = server.shutdown(deadline: .seconds(2))
        environment.shutdown()
        readers.close()
        writer.shutdown()
        loops.shutdown()
    }

    func client() throws -> HTTPClient { try HTTPClient(host: "127.0.0.1", port: server.localPort) }
}

/// A test precondition that did not hold, with what happened.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

extension HTTPClient {
    /// POSTs a JSON body given as text.
    func post(_ target: String, json: String, token: String? = nil) throws -> HTTPClientResponse {
        var headers: HTTPHeaders = ["content-type": "application/json"]
        if let token { headers.set("authorization", "Bearer \(token)") }
        return try send(.post, target, headers: headers, body: Array(json.utf8))
    }

    func get(_ target: String, token: String? = nil) throws -> HTTPClientResponse {
        var headers: HTTPHeaders = [:]
        if let token { headers.set("authorization", "Bearer \(token)") }
        return try send(.get, target, headers: headers)
    }
}

extension HTTPClientResponse {
    var json: JSONValue? { try? JSONParser.parse(body) }
    var errorCode: String? {
        guard case .string(let code) = json?["error"]?["code"] else { return nil }
        return code
    }
}
