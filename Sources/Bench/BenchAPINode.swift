import API
import App
import Clocks
import Engine
import Foundation
import Game
import HTTP
import Jobs
import Monitoring
import Net
import Realtime
import Replication
import Store
import Telemetry

/// An in-process API server over a fresh demo world for `bench http`: the node's real game routes (as `Node` wires
/// them, without auctions or market writes) plus `/health` and the `/bench/json` sample route, on `loopCount` loops.
///
/// Owned by the benchmark's thread: `init` builds everything, `shutdown()` stops the server, loops, readers and
/// writer and removes the temporary folder.
final class BenchAPINode {
    let server: HTTPServer
    private let loops: EventLoopGroup
    private let writer: Writer
    private let readers: ReaderPool
    private let environment: APIEnvironment
    private let directory: String
    /// The auction engine behind the bid route (`withAuctions`), and a bidder and a blind auction ready for it.
    let bidder: (token: String, auctionID: Int64)?
    /// The tokens of two traders with gold and wheat (`withMarket`): the market routes are registered, maker off.
    let traders: [String]
    /// Where the access log goes when the node records requests (`recordsRequests`): `/dev/null`, kept open here.
    private let accessLogFile: FileHandle?
    /// The realtime hub fed by the node's bus (`withRealtime`), kept for the node's lifetime.
    private let realtimeHub: RealtimeHub?
    private var isStopped = false

    /// The request target of a 10 x 10 square area in the open centre of the demo world (100 squares).
    static let hundredSquaresPath = "/api/land-squares?minX=-5&minY=-5&maxX=4&maxY=4"

    /// - Parameter withRecorder: gives the writer the replication recorder of a primary (as a real node has), so
    ///   every batch is recorded with the session extension and appended to the replication log.
    /// - Parameter recordsRequests: feed every finished request to the node's metrics and its access log line at info
    ///   (formatted and written to `/dev/null`), as `Node` wires its API listener; `bench profile` counts that work.
    /// - Parameter withRealtime: feed the node's bus to a realtime hub through a `RealtimeEventFeed`, as `Node` wires
    ///   its gateway (no sockets subscribe: the hub numbers, encodes and windows every event, delivering none).
    /// - Parameter noOpBidResponse: instead of the game routes, register only a no-op on the bid's path that answers
    ///   201 with these bytes as the bid route does (no authentication, no database): the HTTP ceiling of a bid.
    init(loopCount: Int, withAuctions: Bool = false, withMarket: Bool = false, withRecorder: Bool = false,
         recordsRequests: Bool = false, withRealtime: Bool = false, noOpBidResponse: [UInt8]? = nil) throws {
        directory = FileManager.default.temporaryDirectory.path + "/worldgame-bench-http-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let configuration = StoreConfiguration(path: DataDirectory.databasePath(in: directory))
        _ = try DatabaseSetup.migrate(configuration)
        writer = try Writer(configuration: configuration, observers: withRecorder ? [Self.primaryRecorder()] : [],
                            preCommitStep: SquareObjects.preCommitStep(isPrimary: { true }))   // as `Node` wires it
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true))
        loops = try EventLoopGroup(loopCount: loopCount)
        readers = try ReaderPool(configuration: configuration, count: loopCount)
        var apiConfiguration = APIConfiguration()
        apiConfiguration.passwordIterations = 1_000
        // One clock for the API, the queue and the services, as the node has.
        let clock = SystemClock()
        let queue = JobQueue(writer: writer, clock: clock)
        environment = try APIEnvironment(configuration: apiConfiguration, writer: writer, readers: readers,
                                         secret: Redacted([UInt8](repeating: 7, count: 32)),
                                         logger: Logger(label: "bench", level: .error, sink: DiscardingLogSink()),
                                         clock: clock)
        if withRealtime {
            let feed = RealtimeEventFeed()
            environment.events.subscribe { events in feed.receive(events) }
            let hub = RealtimeHub(configuration: RealtimeConfiguration(),
                                  metrics: try RealtimeMetrics(registry: MetricsRegistry()))
            feed.connect(hub)
            realtimeHub = hub
        } else {
            realtimeHub = nil
        }
        var engine: AuctionService?
        if withAuctions {
            // The node's bus, as `DomainServices` wires it: a bid publishes its events (with the bidder's holdings).
            let auctionEngine = try AuctionService(writer: writer, queue: queue, clock: clock,
                                                   bus: environment.events, registry: nil,
                                                   logger: Logger(label: "bench", level: .error, sink: DiscardingLogSink()))
            bidder = try Self.prepareBidder(writer: writer, signer: environment.signer)
            engine = auctionEngine
        } else {
            bidder = nil
        }
        var router = Router()
        router.add(.get, "/health") { _, _, responder in responder.respond(.json(bytes: Array(#"{"status":"ok"}"#.utf8))) }
        router.add(.get, "/bench/json") { _, _, responder in responder.respond(.json(HTTPBenchmark.SampleSquare())) }
        let land = LandService(queue: queue, clock: clock, bus: environment.events)
        let players = PlayerService(writer: writer, clock: clock, startingGold: apiConfiguration.startingGold,
                                    bus: environment.events)
        if let noOpBidResponse {
            router.add(.post, "/api/auctions/{auctionId}/bid") { _, _, responder in
                responder.respond(APIResponses.json(encoded: noOpBidResponse, status: .created))
            }
        } else {
            APIRoutes.register(in: &router, environment: environment, land: land, players: players, auctions: engine)
        }
        if withMarket {
            var marketConfiguration = MarketConfiguration()
            marketConfiguration.marketMaker.isEnabled = false
            // The node's bus, as `DomainServices` wires it.
            let market = try MarketService(writer: writer, configuration: marketConfiguration, clock: clock,
                                           bus: environment.events, registry: nil)
            MarketRoutes.register(in: &router, environment: environment, market: market)
            traders = try Self.prepareTraders(writer: writer, signer: environment.signer)
        } else {
            traders = []
        }
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.port = 0
        var onRequestCompleted: (@Sendable (HTTPRequestRecord) -> Void)?
        if recordsRequests, let file = FileHandle(forWritingAtPath: "/dev/null") {
            let metrics = try NodeMetrics(registry: MetricsRegistry())
            let requestLogger = Logger(label: "worldgame", level: .info,
                                       sink: JSONLinesSink(fileDescriptor: file.fileDescriptor))
            onRequestCompleted = { record in
                metrics.record(record)
                RequestLog.write(record, to: requestLogger)
            }
            accessLogFile = file
        } else {
            accessLogFile = nil
        }
        server = HTTPServer(configuration: serverConfiguration, group: loops, router: router,
                            onRequestCompleted: onRequestCompleted)
        try server.start()
    }

    deinit { shutdown() }

    /// The replication recorder of a primary in term 1 with an empty log (its feed is never served).
    private static func primaryRecorder() -> ReplicationRecorder {
        let node = ReplicationNode(role: .primary, term: 1, headSeq: 0, headChecksum: ReplicationChecksum.initial,
                                   headCommittedAtMilliseconds: 0, primaryURL: nil)
        let feed = ReplicationFeed()
        let pruner = ReplicationPruner(retainedRecords: 1_000_000, feed: feed)
        return ReplicationRecorder(node: node, feed: feed, pruner: pruner, clock: SystemClock())
    }

    /// A rich player with a token, and one blind auction on an unlocked square open for a day.
    private static func prepareBidder(writer: Writer, signer: JWTSigner) throws -> (token: String, auctionID: Int64) {
        let now = SystemClock().now.rawValue
        let (playerID, auctionID) = try writer.performAndWait { transaction in
            let player = try Players.register(username: "profiler", passwordHash: "x", role: .player,
                                              startingGold: 1_000_000_000_000, now: now, in: transaction)
            let square = try transaction.query("SELECT id FROM land_squares WHERE is_locked = 0 ORDER BY id LIMIT 1")
                .map { try $0.int64("id") }
            let auction = try Auctions.create(
                NewAuction(auctionType: "blind", landSquares: square, startTime: now, endTime: now + 86_400_000),
                rules: AuctionRules(), providers: .standard, now: now, in: transaction).auction
            return (player.id, auction.id)
        }
        let seconds = now / 1000
        let token = signer.sign(JWTClaims(subject: String(playerID), role: "player", issuedAt: seconds, notBefore: seconds,
                                          expiresAt: seconds + 86_400, tokenID: "profiler"))
        return (token, auctionID)
    }

    /// Two players with a billion gold and a hundred million wheat each, and their tokens.
    private static func prepareTraders(writer: Writer, signer: JWTSigner) throws -> [String] {
        let now = SystemClock().now.rawValue
        let playerIDs = try writer.performAndWait { transaction in
            try (0..<2).map { index in
                let player = try Players.register(username: "trader\(index)", passwordHash: "x", role: .player,
                                                  startingGold: 1_000_000_000, now: now, in: transaction)
                try Ledger.grant(100_000_000, of: .wheat, to: player.id, reason: .adjustment, reference: nil, now: now,
                                 in: transaction)
                return player.id
            }
        }
        let seconds = now / 1000
        return playerIDs.map { playerID in
            signer.sign(JWTClaims(subject: String(playerID), role: "player", issuedAt: seconds, notBefore: seconds,
                                  expiresAt: seconds + 86_400, tokenID: "trader\(playerID)"))
        }
    }

    /// The body the server gives for `path` (used to give nginx the same bytes).
    func body(of path: String) throws -> [UInt8] {
        let client = try HTTPClient(host: "127.0.0.1", port: server.localPort)
        defer { client.close() }
        let response = try client.send(.get, path)
        guard response.status == 200 else { throw BenchmarkError.requestsFailed(count: 1, firstStatus: response.status) }
        return response.body
    }

    func shutdown() {
        guard !isStopped else { return }
        isStopped = true
        _ = server.shutdown(deadline: .seconds(2))
        loops.shutdown()
        environment.shutdown()
        readers.close()
        writer.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
        try? accessLogFile?.close()
    }
}
