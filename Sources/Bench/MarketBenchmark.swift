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
///
/// The clients call `MarketService` on the loops, not over HTTP, so the case's ceiling is the Writer's: the same 64
/// clients on the same loops submitting a command that does nothing (the order's promise, no statement), on the same
/// writer. The CPU the writer thread and the loops used per order and per no-op command is printed with both.
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
        let before = CPUReading.now()
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
        let ordersCPU = CPUUsage(from: before, to: CPUReading.now(), clients: .zero)
        let elapsed = summary.elapsed
        let audit = try writer.performAndWait { transaction in
            [try MarketAudit.orderEscrowMatchesLedger(transaction), try MarketAudit.escrowCoversOpenOrders(transaction),
             try MarketAudit.booksNotCrossed(transaction)]
        }
        let violations = audit.flatMap(\.violations)
        let (ceiling, ceilingCPU) = try measureNoOpCommands(writer: writer, loops: loops, batches: batches)
        var table = BenchTable(
            title: "bench market: limit orders through the Writer, synchronous=FULL, \(clients) clients, \(seconds)s",
            unit: "orders")
        table.add("orders x\(clients)", summary)
        table.add("ceiling: no-op command x\(clients)", ceiling)
        table.addRatio("orders / ceiling", numerator: summary.perSecond, denominator: ceiling.perSecond, goal: "report")
        table.addNote(ordersCPU.line(per: "order", count: summary.count))
        table.addNote(ceilingCPU.line(per: "no-op command", count: ceiling.count))
        table.addNote(Self.budgetLine(orders: summary, cpu: ordersCPU, goalPerSecond: 15_000))
        let tradesPerSecond = elapsed > .zero ? Double(trades.count) / elapsed.seconds : 0
        return table.render()
            + "trades: \(trades.count) in \(String(format: "%.1f", elapsed.seconds)) s = "
            + String(format: "%.0f", tradesPerSecond) + " trades/s ("
            + String(format: "%.2f", summary.count > 0 ? Double(trades.count) / Double(summary.count) : 0)
            + " per order)\n"
            + "audit after the run: " + (violations.isEmpty ? "pass" : "FAIL \(violations.prefix(3))") + "\n"
    }

    /// The clients of the order case, on the same loops and writer, each keeping one command in flight that declares
    /// the order's promise and runs no statement: the Writer's and the loops' cost per command with no order in it.
    private func measureNoOpCommands(writer: Writer, loops: EventLoopGroup, batches: FailureCounter) throws
        -> (LatencySummary, CPUUsage) {
        let before = CPUReading.now()
        let commitsBefore = batches.count
        var summary = try ClosedLoopClient.run(count: clients, on: loops, seconds: seconds, batches: batches) { _ in
            { completion in
                writer.submit(promise: .failsOnlyBeforeFirstWrite, { _ in }) { result in
                    if case .success = result { completion(true) } else { completion(false) }
                }
            }
        }
        let cpu = CPUUsage(from: before, to: CPUReading.now(), clients: .zero)
        let commits = batches.count - commitsBefore
        summary.meanBatchSize = commits > 0 ? Double(summary.count) / Double(commits) : 0
        return (summary, cpu)
    }

    /// "budget: at 15000 orders/s 2 cores give 133.3 us an order, the writer thread 66.7 us; it used 115.0 us an
    /// order, which caps the rate at 8696 orders/s".
    static func budgetLine(orders: LatencySummary, cpu: CPUUsage, goalPerSecond: Int) -> String {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let writerPerOrder = orders.count > 0 ? cpu.writer.seconds * 1e6 / Double(orders.count) : 0
        return "budget: at \(goalPerSecond) orders/s \(cores) cores give "
            + String(format: "%.1f us", Double(cores) * 1e6 / Double(goalPerSecond)) + " an order, the writer thread "
            + String(format: "%.1f us", 1e6 / Double(goalPerSecond)) + "; it used "
            + String(format: "%.1f us", writerPerOrder) + " an order, which caps the rate at "
            + String(format: "%.0f", writerPerOrder > 0 ? 1e6 / writerPerOrder : 0) + " orders/s"
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
