import Game
import Store

/// The land the land and resource tests start from, over a demo world whose players 1 and 2 exist: player 1 owns
/// (0,0), (1,0), (2,0) and (0,1), the first a level-1 farm due now, and holds 1,000 of each resource; player 2 owns
/// (5,5); (3,3) is left unowned.
///
/// Shared by the engine fixture and the API's resource routes tests so that both start from the same squares.
public enum LandOwners {
    /// The squares' positions and owners (0: unowned).
    public static let squares: [(position: String, owner: Int64)] = [
        ("0,0", 1), ("1,0", 1), ("2,0", 1), ("0,1", 1), ("5,5", 2), ("3,3", 0),
    ]

    /// Gives the squares to their owners (unlocked), makes (0,0) a farm and grants player 1 the resources; returns the
    /// square ids by "x,y".
    public static func seed(now: Int64, in transaction: Transaction) throws -> [String: Int64] {
        var found: [String: Int64] = [:]
        for (position, owner) in squares {
            let parts = position.split(separator: ",").compactMap { Int64($0) }
            let square = try World.squares(minX: parts[0], minY: parts[1], maxX: parts[0], maxY: parts[1],
                                           in: transaction)
            guard let id = square.first?.id else { continue }
            found[position] = id
            if owner > 0 {
                try transaction.run("UPDATE land_squares SET owner_id = ?2, is_locked = 0 WHERE id = ?1", [id, owner])
            }
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
