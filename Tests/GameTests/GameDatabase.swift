import Foundation
import Game
import Store
import TestSupport

/// A migrated database in a temporary directory with a Writer, for Game tests.
final class GameDatabase {
    let directory: TemporaryDirectory
    let configuration: StoreConfiguration
    let writer: Writer

    init(seed: UInt64? = nil, isDemo: Bool = true, now: Int64 = GameDatabase.epoch) throws {
        directory = try TemporaryDirectory(prefix: "worldgame-game")
        configuration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: configuration)
        writer = try Writer(configuration: configuration,
                            preCommitStep: SquareObjects.preCommitStep(isPrimary: { true }))
        if let seed {
            _ = try writer.performAndWait { transaction in
                try GameSetup.prepare(options: GameSetupOptions(seed: seed, isDemo: isDemo), now: now, in: transaction)
            }
        }
    }

    deinit { writer.shutdown() }

    /// 2024-06-01T00:00:00Z.
    static let epoch: Int64 = 1_717_200_000_000

    /// Runs `body` on a fresh read-only connection.
    func read<T>(_ body: (Connection) throws -> T) throws -> T { try configuration.read(body) }

    /// Registers a player with `gold` starting gold.
    func register(_ username: String, gold: Int64 = 1_000) throws -> Player {
        try writer.performAndWait { transaction in
            try Players.register(username: username, passwordHash: "x", role: .player, startingGold: gold,
                                 now: Self.epoch, in: transaction)
        }
    }

    func count(_ table: String) throws -> Int64 {
        try read { try $0.queryOne("SELECT count(*) AS n FROM \(table)")?.int64("n") ?? -1 }
    }
}
