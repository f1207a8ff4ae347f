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

/// A real API server on 127.0.0.1 with every game, market and admin route the node serves, over the same kind of
/// services the node builds (one writer, one job queue, one bus), a manual clock, and an operator account.
final class AdminTestServer {
    static let adminPassword = "operator password"
    let directory: TemporaryDirectory
    let storeConfiguration: StoreConfiguration
    let writer: Writer
    let readers: ReaderPool
    let loops: EventLoopGroup
    let environment: APIEnvironment
    let auctions: AuctionService
    let market: MarketService
    let server: HTTPServer
    let clock = ManualClock(milliseconds: TestServer.epoch)

    init(configure: (inout APIConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "worldgame-admin")
        storeConfiguration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: storeConfiguration)
        writer = try Writer(configuration: storeConfiguration)
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true), clock: clock)
        readers = try ReaderPool(configuration: storeConfiguration, count: 2)
        loops = try EventLoopGroup(loopCount: 2)
        var configuration = APIConfiguration()
        configuration.passwordIterations = 1_000
        configuration.loginUsernamePolicy = RateLimitPolicy(capacity: 1_000, refillInterval: .seconds(1))
        configuration.loginAddressPolicy = RateLimitPolicy(capacity: 1_000, refillInterval: .seconds(1))
        configure(&configuration)
        let logger = Logger(label: "admin-test", level: .error, sink: InMemoryLogSink())
        environment = try APIEnvironment(configuration: configuration, writer: writer, readers: readers,
                                         secret: Redacted([UInt8](repeating: 5, count: 32)), logger: logger,
                                         metricsRegistry: MetricsRegistry(), clock: clock)
        let queue = JobQueue(writer: writer, clock: clock, configuration: JobsConfiguration(workerCount: 0))
        auctions = try AuctionService(writer: writer, queue: queue, clock: clock, bus: environment.events, registry: nil,
                                      logger: logger)
        market = try MarketService(writer: writer, clock: clock, bus: environment.events, registry: nil)
        try market.prepare()
        let players = PlayerService(writer: writer, clock: clock, startingGold: configuration.startingGold,
                                    bus: environment.events)
        let hash = try environment.hasher.hash(Redacted(Self.adminPassword))
        let now = clock.now.rawValue
        _ = try writer.performAndWait { transaction in
            try Players.register(username: "operator", passwordHash: hash, role: .admin, startingGold: 0, now: now,
                                 in: transaction)
        }
        var handlers = RouteHandlers()
        handlers.addGame(environment: environment, land: LandService(queue: queue, clock: clock, bus: environment.events),
                         players: players, auctions: auctions)
        handlers.addMarket(environment: environment, market: market)
        handlers.addAdmin(environment: environment, services: AdminServices(
            auctions: auctions, market: market, players: players, jobs: queue,
            health: { AdminNodeHealth(role: "primary", term: 1, release: "test", schemaVersion: 15, isReady: true) }))
        var router = Router()
        TestServer.addSystemRoutes(to: &router)
        RouteTable.register(in: &router, listener: .api, handlers: handlers)
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

    /// A token from `POST /api/auth/login`.
    func login(_ client: HTTPClient, _ username: String, _ password: String) throws -> String {
        let response = try client.post("/api/auth/login", json: #"{"username":"\#(username)","password":"\#(password)"}"#)
        guard case .string(let token) = response.json?["token"] else {
            throw TestFailure("login of \(username) failed: \(response.status) \(String(decoding: response.body, as: UTF8.self))")
        }
        return token
    }

    /// A new player's token and id from `POST /api/auth/register`.
    func register(_ client: HTTPClient, _ username: String) throws -> (token: String, id: Int64) {
        let response = try client.post("/api/auth/register", json: #"{"username":"\#(username)","password":"long enough pw"}"#)
        guard case .string(let token) = response.json?["token"], case .integer(let id) = response.json?["player"]?["id"] else {
            throw TestFailure("register of \(username) failed: \(response.status)")
        }
        return (token, id)
    }

    /// An unowned square of an open region that no auction or listing holds.
    func openSquare() throws -> Int64 {
        let connection = try Connection(configuration: storeConfiguration, readOnly: true)
        defer { connection.close() }
        let row = try connection.queryOne(
            "SELECT id FROM land_squares WHERE is_locked = 0 AND owner_id IS NULL ORDER BY id LIMIT 1")
        return try row?.int64("id") ?? 1
    }

    func audit() throws -> [AdminAuditEntry] {
        let connection = try Connection(configuration: storeConfiguration, readOnly: true)
        defer { connection.close() }
        return try AdminAudit.list(before: nil, limit: 200, in: connection)
    }
}

/// A test precondition that did not hold, with what happened.
struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
