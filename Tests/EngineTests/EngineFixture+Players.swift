import Game

/// Players of an engine fixture, written straight through the game rules (the services under test are not needed to
/// make them).
extension EngineFixture {
    /// A player (or an operator) with `gold` gold.
    func register(_ name: String, role: PlayerRole = .player, gold: Int64 = 1_000) throws -> Player {
        let now = clock.now.rawValue
        return try writer.performAndWait { transaction in
            try Players.register(username: name, passwordHash: "hash-\(name)", role: role, startingGold: gold,
                                 now: now, in: transaction)
        }
    }

    /// A market trader: 10,000 gold, 100 wheat and square 2; returns the player's id.
    func trader(_ name: String) throws -> Int64 {
        let now = clock.now.rawValue
        return try writer.performAndWait { transaction in
            let player = try Players.register(username: name, passwordHash: "hash-\(name)", role: .player,
                                              startingGold: 10_000, now: now, in: transaction)
            try Ledger.grant(100, of: .wheat, to: player.id, reason: .adjustment, reference: nil, now: now,
                             in: transaction)
            try transaction.run("UPDATE land_squares SET owner_id = ?, is_locked = 0 WHERE id = 2", [player.id])
            return player.id
        }
    }
}
