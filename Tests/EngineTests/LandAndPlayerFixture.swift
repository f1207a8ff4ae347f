@testable import Engine
import ClockTesting
import Foundation
import Game
import Jobs
import Locking
import Store
import TestSupport

/// A migrated demo world on disk with the node's land and player services over one writer, one job queue and one
/// bus, one manual clock shared by the game and the queue, and a recorder of what the bus
/// publishes. "ada" (player 1) owns (0,0), (1,0), (2,0) and (0,1), the first a level-1 farm; "bob" (player 2) owns
/// (5,5); both hold 1,000 gold and ada 1,000 of each resource.
final class LandAndPlayerFixture {
    static let epoch: Int64 = 1_717_200_000_000

    let directory: TemporaryDirectory
    let storeConfiguration: StoreConfiguration
    let writer: Writer
    let clock = ManualClock(milliseconds: LandAndPlayerFixture.epoch)
    let bus = EventBus()
    let published = Locked<[DomainEvent]>([])
    let queue: JobQueue
    let land: LandService
    let players: PlayerService
    /// Square ids by "x,y".
    private(set) var ids: [String: Int64] = [:]

    init() throws {
        directory = try TemporaryDirectory(prefix: "worldgame-land")
        storeConfiguration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: storeConfiguration)
        writer = try Writer(configuration: storeConfiguration)
        _ = try GameSetup.prepare(writer: writer, options: GameSetupOptions(seed: 1, isDemo: true), clock: clock)
        queue = JobQueue(writer: writer, clock: clock)
        land = LandService(queue: queue, clock: clock, bus: bus)
        players = PlayerService(writer: writer, clock: clock, startingGold: 1_000, bus: bus)
        let published = published
        bus.subscribe { events in published.withLock { $0 += events } }
        ids = try seed()
    }

    deinit { writer.shutdown() }

    private func seed() throws -> [String: Int64] {
        let now = Self.epoch
        return try writer.performAndWait { transaction in
            for name in ["ada", "bob"] {
                _ = try Players.register(username: name, passwordHash: "hash-\(name)", role: .player,
                                         startingGold: 1_000, now: now, in: transaction)
            }
            var found: [String: Int64] = [:]
            for (position, owner) in [("0,0", Int64(1)), ("1,0", 1), ("2,0", 1), ("0,1", 1), ("5,5", 2)] {
                let parts = position.split(separator: ",").compactMap { Int64($0) }
                let square = try World.squares(minX: parts[0], minY: parts[1], maxX: parts[0], maxY: parts[1],
                                               in: transaction)
                guard let id = square.first?.id else { continue }
                found[position] = id
                try transaction.run("UPDATE land_squares SET owner_id = ?2, is_locked = 0 WHERE id = ?1", [id, owner])
            }
            try transaction.run(
                """
                UPDATE land_squares SET resource_kind = 'farm', farm_level = 1, farm_next_harvest_at = ?2,
                    mine_remaining_ore = NULL, mine_depletion_rate = NULL, oil_capacity = NULL,
                    oil_extraction_rate = NULL, oil_technology_level = NULL WHERE id = ?1
                """, [found["0,0"] ?? 0, now])
            for asset in [Asset.wheat, .ore, .oil] {
                try Ledger.grant(1_000, of: asset, to: 1, reason: .adjustment, reference: nil, now: now, in: transaction)
            }
            return found
        }
    }

    /// The id of the square at "x,y" (a missing one is an id no square has).
    func id(_ position: String) -> Int64 { ids[position] ?? 999_999 }

    /// Starts a service call and waits (at most 10 s) for its one completion.
    func wait<T: Sendable>(_ start: (@escaping @Sendable (Result<T, any Error>) -> Void) -> Void) throws -> T {
        let result = Locked<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        start { outcome in
            result.withLock { $0 = outcome }
            done.signal()
        }
        guard done.wait(timeout: .now() + 10) == .success, let outcome = result.withLock({ $0 }) else {
            throw CancellationError()
        }
        return try outcome.get()
    }

    /// The error a service call completed with, or nil when it succeeded.
    func failure<T: Sendable>(_ start: (@escaping @Sendable (Result<T, any Error>) -> Void) -> Void) -> (any Error)? {
        do {
            _ = try wait(start)
            return nil
        } catch {
            return error
        }
    }

    /// Runs `body` on a read-only connection of its own.
    func read<T>(_ body: (Connection) throws -> T) throws -> T {
        let connection = try Connection(configuration: storeConfiguration, readOnly: true)
        defer { connection.close() }
        return try body(connection)
    }

    /// Rows of the tables a land or player write could change, and the sum of all balances.
    func rowCounts() throws -> [String: Int64] {
        try read { connection in
            var counts: [String: Int64] = [:]
            for table in ["players", "accounts", "transfers", "land_merges", "jobs"] {
                counts[table] = try connection.queryOne("SELECT count(*) AS n FROM \(table)")?.int64("n")
            }
            counts["balance_sum"] = try connection.queryOne("SELECT sum(abs(balance)) AS n FROM accounts")?.int64("n")
            return counts
        }
    }

    /// What the bus published so far.
    var events: [DomainEvent] { published.withLock { $0 } }
}
