import API
import App
import Clocks
import Engine
import Foundation
import Game
import HTTP
import Jobs
import Net
import Store
import Synchronization
import Telemetry

/// `worldgame bench bids`: durable bids/s and latency over HTTP (64 keep-alive connections, one player each) on one
/// auction and spread over 1,000 auctions, against bids committed one per transaction (one submitter, no batching);
/// and with 5 players (5 connections), whose p99 is the "durable writes at 5 players" figure.
///
/// Each case gets a fresh demo world in a temporary folder (synchronous=FULL) with an in-process server and auction
/// engine wired as the node wires them. Bids are blind (sealed) so every one is accepted and each raises its bidder's
/// escrow; one case also runs an open auction, where late arrivals are refused as `bid_too_low` (not counted).
struct BidsBenchmark {
    var seconds: Double
    var connections = 64
    var auctionCount = 1_000

    func run() throws -> String {
        var table = BenchTable(
            title: "bench bids: durable bids over HTTP, \(connections) connections, synchronous=FULL, \(seconds)s per case",
            unit: "bids")
        let baseline = try BidsWorld(playerCount: 1, auctionCount: 1, type: "blind").measureSerial(seconds: seconds)
        table.add("(a) 1 bid per txn (serial)", baseline)
        let single = try BidsWorld(playerCount: connections, auctionCount: 1, type: "blind").measureHTTP(seconds: seconds)
        table.add("(b) HTTP, 1 blind auction", single.summary)
        let spread = try BidsWorld(playerCount: connections, auctionCount: auctionCount, type: "blind")
            .measureHTTP(seconds: seconds)
        table.add("(c) HTTP, \(auctionCount) blind auctions", spread.summary)
        let open = try BidsWorld(playerCount: connections, auctionCount: 1, type: "open").measureHTTP(seconds: seconds)
        table.add("(d) HTTP, 1 open auction (accepted)", open.summary)
        let fewPlayers = try BidsWorld(playerCount: 5, auctionCount: auctionCount, type: "blind")
            .measureHTTP(seconds: seconds)
        table.add("(e) HTTP, 5 players, \(auctionCount) auctions", fewPlayers.summary)
        let ceiling = try BidsWorld(playerCount: connections, auctionCount: 1, type: "blind")
            .measureHTTP(seconds: seconds, ceilingResponse: single.sampleResponse)
        table.add("(f) ceiling: (b)'s requests, no-op route", ceiling.summary)
        table.addRatio("(b) / (a)", numerator: single.summary.perSecond, denominator: baseline.perSecond, goal: ">= 10x")
        table.addRatio("(c) / (a)", numerator: spread.summary.perSecond, denominator: baseline.perSecond, goal: ">= 10x")
        table.addRatio("(b) / (f), the share of the harness's HTTP capacity the bids reach",
                       numerator: single.summary.perSecond, denominator: ceiling.summary.perSecond, goal: "report")
        table.addNote("durable write p99 at 5 players (e): " + String(format: "%.3f ms", fewPlayers.summary.p99.milliseconds)
                      + " (goal < 10 ms)")
        table.addNote(single.cpu.line(per: "bid (b)", count: single.summary.count))
        table.addNote(ceiling.cpu.line(per: "request (f)", count: ceiling.summary.count))
        table.addNote(Self.budgetLine(bids: single, ceiling: ceiling, goalPerSecond: 25_000))
        return table.render()
    }

    /// What the cores give a bid at `goalPerSecond`, what (f) says the client, loops and kernel take of it before any
    /// bid work, and the rate (b)'s writer thread allows on its CPU alone: "budget: at 25000 bids/s 2 cores give
    /// 80.0 us a bid; process CPU (f) 54.1 us a request, (b) 154.4 us a bid; (b)'s writer alone caps the rate at 15324
    /// bids/s".
    static func budgetLine(bids: HTTPCaseResult, ceiling: HTTPCaseResult, goalPerSecond: Int) -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let perRequest = { (result: HTTPCaseResult) -> Double in
            result.summary.count > 0 ? result.cpu.process.seconds * 1e6 / Double(result.summary.count) : 0
        }
        let budget = Double(cores) * 1e6 / Double(goalPerSecond)
        return "budget: at \(goalPerSecond) bids/s \(cores) cores give " + String(format: "%.1f us", budget)
            + " a bid; process CPU (f) " + String(format: "%.1f us", perRequest(ceiling)) + " a request, (b) "
            + String(format: "%.1f us", perRequest(bids)) + " a bid; (b)'s writer alone caps the rate at "
            + String(format: "%.0f", bids.cpu.writer > .zero
                     ? Double(bids.summary.count) / bids.cpu.writer.seconds : 0) + " bids/s"
    }
}

/// One HTTP case of `bench bids`: its latencies, the CPU its threads used, and the first accepted bid's response.
struct HTTPCaseResult {
    var summary: LatencySummary
    var cpu: CPUUsage
    /// The first 201 response (the ceiling case answers with its body).
    var sampleResponse: [UInt8]
}

/// One benchmark world: a temp database with the demo land, rich players, auctions, and (for HTTP) a server.
private final class BidsWorld {
    let directory: String
    let writer: Writer
    let engine: AuctionService
    let players: [Int64]
    let auctions: [Int64]
    let type: String
    let clock = SystemClock()

    init(playerCount: Int, auctionCount: Int, type: String) throws {
        self.type = type
        directory = FileManager.default.temporaryDirectory.path + "/worldgame-bench-bids-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = StoreConfiguration(path: DataDirectory.databasePath(in: directory))
        configuration.synchronous = .full
        _ = try DatabaseSetup.migrate(configuration)
        writer = try Writer(configuration: configuration, preCommitStep: SquareObjects.preCommitStep(isPrimary: { true }))
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true))
        engine = try AuctionService(writer: writer, queue: JobQueue(writer: writer, clock: clock), clock: clock,
                                    bus: nil, registry: nil,
                                    logger: Logger(label: "bench", level: .error, sink: DiscardingLogSink()))
        let now = clock.now.rawValue
        (players, auctions) = try writer.performAndWait { transaction in
            var players: [Int64] = []
            for index in 0..<playerCount {
                players.append(try Players.register(username: "bidder\(index)", passwordHash: "x", role: .player,
                                                    startingGold: 1_000_000_000_000, now: now, in: transaction).id)
            }
            let squares = try transaction.query("SELECT id FROM land_squares WHERE is_locked = 0 ORDER BY id LIMIT ?",
                                                [Int64(auctionCount)]).map { try $0.int64("id") }
            var auctions: [Int64] = []
            for square in squares {
                auctions.append(try Auctions.create(
                    NewAuction(auctionType: type, landSquares: [square], startTime: now, endTime: now + 86_400_000),
                    rules: AuctionRules(), providers: .standard, now: now, in: transaction).auction.id)
            }
            return (players, auctions)
        }
    }

    deinit {
        writer.shutdown()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// One thread placing bids back to back through the engine: each bid waits for its own commit.
    func measureSerial(seconds: Double) throws -> LatencySummary {
        var samples: [Duration] = []
        let start = ContinuousClock.now
        let deadline = start + .milliseconds(Int(seconds * 1000))
        var amount: Int64 = 1
        while ContinuousClock.now < deadline {
            let began = ContinuousClock.now
            let done = DispatchSemaphore(value: 0)
            let failed = Atomic<Bool>(false)
            engine.placeBid(auctionID: auctions[0], playerID: players[0], amount: amount) { result in
                if case .failure = result { failed.store(true, ordering: .relaxed) }
                done.signal()
            }
            done.wait()
            if failed.load(ordering: .relaxed) { throw BenchmarkError.commandsFailed(count: 1) }
            samples.append(ContinuousClock.now - began)
            amount += 1
        }
        return LatencySummary(count: samples.count, elapsed: ContinuousClock.now - start, sortedSamples: samples.sorted())
    }

    /// One keep-alive connection per player; each raises its own bid on a random auction (or the shared one).
    /// With `ceilingResponse`, the same requests go to a server whose only route is a no-op on the bid's path that
    /// answers 201 with those bytes and the bid route's headers: no authentication, no database, no writer (the
    /// harness's HTTP ceiling).
    func measureHTTP(seconds: Double, ceilingResponse: [UInt8]? = nil) throws -> HTTPCaseResult {
        let loops = try EventLoopGroup(loopCount: ProcessInfo.processInfo.activeProcessorCount)
        defer { loops.shutdown() }
        let secret = Redacted([UInt8](repeating: 3, count: 32))
        let readers = try ReaderPool(configuration: writer.configuration, count: loops.loops.count)
        defer { readers.close() }
        var apiConfiguration = APIConfiguration()
        apiConfiguration.passwordIterations = 1_000
        let environment = try APIEnvironment(configuration: apiConfiguration, writer: writer, readers: readers,
                                             secret: secret, logger: Logger(label: "bench", level: .error, sink: DiscardingLogSink()),
                                             clock: clock)
        defer { environment.shutdown() }
        var router = Router()
        if let ceilingResponse {
            router.add(.post, "/api/auctions/{auctionId}/bid") { _, _, responder in
                responder.respond(APIResponses.json(encoded: ceilingResponse, status: .created))
            }
        } else {
            let land = LandService(queue: JobQueue(writer: writer, clock: clock), clock: clock, bus: environment.events)
            let players = PlayerService(writer: writer, clock: clock, startingGold: apiConfiguration.startingGold,
                                        bus: environment.events)
            APIRoutes.register(in: &router, environment: environment, land: land, players: players, auctions: engine)
        }
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.port = 0
        let server = HTTPServer(configuration: serverConfiguration, group: loops, router: router)
        try server.start()
        defer { _ = server.shutdown(deadline: .seconds(2)) }
        return try drive(port: server.localPort, signer: JWTSigner(secret: secret), seconds: seconds)
    }

    /// Runs the client threads and reads the process's CPU around them.
    private func drive(port: Int, signer: JWTSigner, seconds: Double) throws -> HTTPCaseResult {
        let openAmount = Atomic<Int64>(0)
        let (auctions, type) = (auctions, type)
        let nowSeconds = clock.now.seconds
        let tokens = players.enumerated().map { index, player in
            signer.sign(JWTClaims(subject: String(player), role: "player", issuedAt: nowSeconds, notBefore: nowSeconds,
                                  expiresAt: nowSeconds + 3_600, tokenID: "bench\(index)"))
        }
        let sample = Mutex<[UInt8]?>(nil)
        let clientCPU = ClientCPUTotal()
        let before = CPUReading.now()
        let summary = try HTTPClientThreads.run(count: tokens.count, port: port, seconds: seconds,
                                                cpu: clientCPU) { index, client, deadline in
            var samples: [Duration] = []
            var amounts: [Int64: Int64] = [:]
            // Seeded per thread: the system generator costs a getrandom syscall a request, which the server never sees.
            var random = SeededRandom(seed: UInt64(index + 1))
            let headers: HTTPHeaders = ["content-type": "application/json", "authorization": "Bearer \(tokens[index])"]
            while ContinuousClock.now < deadline {
                let auction = auctions[Int.random(in: 0..<auctions.count, using: &random)]
                let amount = type == "open"
                    ? openAmount.add(1, ordering: .relaxed).newValue : (amounts[auction, default: 0] + 1)
                amounts[auction] = amount
                let began = ContinuousClock.now
                guard let response = try? client.send(.post, "/api/auctions/\(auction)/bid", headers: headers,
                                                      body: Array(#"{"amount":\#(amount)}"#.utf8)) else { return nil }
                if response.status == 201 {
                    samples.append(ContinuousClock.now - began)
                    if samples.count == 1, index == 0 { sample.withLock { $0 = response.body } }
                } else if !(type == "open" && response.status == 422) {
                    return nil
                }
            }
            return samples
        }
        let cpu = CPUUsage(from: before, to: CPUReading.now(), clients: clientCPU.total)
        return HTTPCaseResult(summary: summary, cpu: cpu, sampleResponse: sample.withLock { $0 } ?? [])
    }
}
