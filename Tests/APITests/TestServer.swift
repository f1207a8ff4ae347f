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

/// A real API server on 127.0.0.1 (ephemeral port) over a migrated demo world in a temp dir, with a manual clock.
final class TestServer {
    static let epoch: Int64 = 1_717_200_000_000
    let directory: TemporaryDirectory
    let storeConfiguration: StoreConfiguration
    let writer: Writer
    let readers: ReaderPool
    let loops: EventLoopGroup
    let environment: APIEnvironment
    /// The land and player services the routes write through, over the server's writer, clock and bus.
    let land: LandService
    let players: PlayerService
    let server: HTTPServer
    let clock = ManualClock(milliseconds: TestServer.epoch)
    let secret = Redacted([UInt8](repeating: 7, count: 32))
    let router: Router

    init(configure: (inout APIConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "worldgame-api")
        storeConfiguration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: storeConfiguration)
        writer = try Writer(configuration: storeConfiguration)
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true), clock: clock)
        readers = try ReaderPool(configuration: storeConfiguration, count: 2)
        loops = try EventLoopGroup(loopCount: 2)
        var configuration = APIConfiguration()
        configuration.passwordIterations = 1_000
        configure(&configuration)
        environment = try APIEnvironment(configuration: configuration, writer: writer, readers: readers, secret: secret,
                                         logger: Logger(label: "test", level: .error, sink: InMemoryLogSink()),
                                         metricsRegistry: MetricsRegistry(), clock: clock)
        land = LandService(queue: JobQueue(writer: writer, clock: clock), configuration: configuration.resources, clock: clock,
                           bus: environment.events)
        players = PlayerService(writer: writer, clock: clock, startingGold: configuration.startingGold,
                                bus: environment.events)
        var router = Router()
        Self.addSystemRoutes(to: &router)
        APIRoutes.register(in: &router, environment: environment, land: land, players: players)
        MarketRoutes.register(in: &router, environment: environment, market: try .init(
            writer: writer, clock: clock, bus: environment.events, registry: MetricsRegistry()))
        self.router = router
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.port = 0
        server = HTTPServer(configuration: serverConfiguration, group: loops, router: router)
        try server.start()
    }

    /// Stand-ins for the App's `/health` and `/ready` handlers, registered through `RouteTable` like the node's own
    /// (`/metrics` and the replication endpoints are on the internal listener).
    static func addSystemRoutes(to router: inout Router) {
        let handlers = RouteHandlers(system: SystemRouteHandlers(
            health: { _, _, responder in responder.respond(.json(bytes: Array(#"{"status":"ok"}"#.utf8))) },
            ready: { _, _, responder in
                responder.respond(.json(bytes: Array(#"{"status":"ready","role":"primary"}"#.utf8)))
            },
            metrics: { _, _, responder in responder.respond(.text("")) }))
        RouteTable.register(in: &router, listener: .api, handlers: handlers)
    }

    deinit {
        _ = server.shutdown(deadline: .seconds(2))
        environment.shutdown()
        writer.shutdown()
        readers.close()
        loops.shutdown()
    }

    func client() throws -> HTTPClient { try HTTPClient(host: "127.0.0.1", port: server.localPort) }


    /// Row counts of the tables a request could change.
    func rowCounts() throws -> [String: Int64] {
        let connection = try Connection(configuration: storeConfiguration, readOnly: true)
        defer { connection.close() }
        var counts: [String: Int64] = [:]
        for table in ["players", "accounts", "transfers", "regions", "land_squares"] {
            counts[table] = try connection.queryOne("SELECT count(*) AS n FROM \(table)")?.int64("n")
        }
        counts["balance_sum"] = try connection.queryOne("SELECT sum(abs(balance)) AS n FROM accounts")?.int64("n")
        return counts
    }
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
