import App
import Clocks
import Engine
import Foundation
import Game
import Net
import Store
import Synchronization
import Telemetry

/// `worldgame bench market`: limit orders/s and trades/s through `MarketService` and the group-commit Writer with 64
/// concurrent clients, with p50/p99 order latency (submit to durable commit).
///
/// A fresh migrated database (synchronous=FULL) with 64 funded players; the market maker is off so every order meets
/// the book. Each client sits on one of the event loops (one per core), keeps one order in flight (wheat, random side,
/// price 95...105, quantity 1...10, like a busy market around one price) and submits the next when the previous
/// commits. Afterwards the market audit must pass (book not crossed, escrow equals open orders, ledger balanced).
struct MarketBenchmark {
    var seconds: Double
    var clients = 64

    func run() throws -> String {
        let database = try BenchDatabase("market")
        defer { database.remove() }
        let storeConfiguration = database.configuration
        let batches = FailureCounter()
        let writer = try Writer(configuration: storeConfiguration,
                                observers: [WriterCommitObserver { _ in batches.record() }],
                                preCommitStep: SquareObjects.preCommitStep(isPrimary: { true }))
        defer { writer.shutdown() }
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true))
        var configuration = MarketConfiguration()
        configuration.marketMaker.isEnabled = false
        let market = try MarketService(writer: writer, configuration: configuration, clock: SystemClock(), bus: EventBus(),
                                             registry: nil)
        let players = try fundedPlayers(writer: writer)
        let loops = try EventLoopGroup(loopCount: ProcessInfo.processInfo.activeProcessorCount,
                                       threadNamePrefix: "bench-loop")
        defer { loops.shutdown() }
        let trades = FailureCounter()
        let summary = try ClosedLoopClient.run(count: players.count, on: loops, seconds: seconds, batches: batches) { index in
            let playerID = players[index]
            var random = SeededRandom(seed: UInt64(index + 1))
            return { completion in
                let request = OrderRequest(playerID: playerID, resource: .wheat,
                                           side: random.integer(in: 0...1) == 0 ? .buy : .sell,
                                           price: random.integer(in: 95...105), quantity: random.integer(in: 1...10))
                market.placeOrder(request) { result in
                    guard case .success(let placement) = result else { return completion(false) }
                    for _ in placement.trades { trades.record() }
                    completion(true)
                }
            }
        }
        let elapsed = summary.elapsed
        let audit = try writer.performAndWait { transaction in
            [try MarketAudit.orderEscrowMatchesLedger(transaction), try MarketAudit.escrowCoversOpenOrders(transaction),
             try MarketAudit.booksNotCrossed(transaction)]
        }
        let violations = audit.flatMap(\.violations)
        var table = BenchTable(
            title: "bench market: limit orders through the Writer, synchronous=FULL, \(clients) clients, \(seconds)s",
            unit: "orders")
        table.add("orders x\(clients)", summary)
        let tradesPerSecond = elapsed > .zero ? Double(trades.count) / elapsed.seconds : 0
        return table.render()
            + "trades: \(trades.count) in \(String(format: "%.1f", elapsed.seconds)) s = "
            + String(format: "%.0f", tradesPerSecond) + " trades/s ("
            + String(format: "%.2f", summary.count > 0 ? Double(trades.count) / Double(summary.count) : 0)
            + " per order)\n"
            + "audit after the run: " + (violations.isEmpty ? "pass" : "FAIL \(violations.prefix(3))") + "\n"
    }

    /// Registers `clients` players with plenty of gold and wheat, in one writer command.
    private func fundedPlayers(writer: Writer) throws -> [Int64] {
        let count = clients
        return try writer.performAndWait { transaction in
            try (0..<count).map { index in
                let player = try Players.register(username: "bench\(index)", passwordHash: "x", role: .player,
                                                  startingGold: 1_000_000_000, now: 0, in: transaction)
                try Ledger.grant(100_000_000, of: .wheat, to: player.id, reason: .adjustment, reference: nil, now: 0,
                                 in: transaction)
                return player.id
            }
        }
    }
}
