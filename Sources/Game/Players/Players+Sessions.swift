import Foundation
import Store

/// Token generations: the general mechanism that signs a player's sessions out (password change, "sign out my other
/// sessions", and later an operator's suspension).
///
/// Every access token carries the generation it was issued under; raising `players.token_generation` (migration 0013)
/// makes every older token fail its next authentication. Changes run in a writer `Transaction`; the read takes any
/// executor (an event loop's reader: one primary-key lookup per authenticated request).
extension Players {
    /// The player's current token generation, or nil when the player does not exist.
    public static func tokenGeneration(playerID: Int64, in database: any SQLExecutor) throws(GameError) -> Int64? {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT token_generation FROM players WHERE id = ?", [playerID])
        }
        return try row.map { row throws(GameError) in try storeCall { () throws(StoreError) in try row.int64("token_generation") } }
    }

    /// The player and stored hash for `playerID`, or nil.
    public static func credentials(playerID: Int64, in database: any SQLExecutor) throws(GameError) -> PlayerCredentials? {
        let row = try storeCall { () throws(StoreError) in
            try database.queryOne("SELECT \(Player.columns), password_hash FROM players WHERE id = ?", [playerID])
        }
        guard let row else { return nil }
        let hash = try storeCall { () throws(StoreError) in try row.string("password_hash") }
        return PlayerCredentials(player: try Player(row: row), passwordHash: hash)
    }

    /// Raises the player's token generation by one (every token issued before stops working) and returns the player
    /// with the new generation, plus the `sessions_revoked` event to publish after commit.
    /// - Throws: `.playerNotFound`.
    public static func revokeSessions(playerID: Int64, now: Int64, in transaction: Transaction) throws(GameError)
        -> (player: Player, event: DomainEvent) {
        try storeCall { () throws(StoreError) in
            try transaction.run(
                "UPDATE players SET token_generation = token_generation + 1, last_active_at = ? WHERE id = ?",
                [now, playerID])
        }
        guard let player = try find(id: playerID, in: transaction) else { throw .playerNotFound(playerID: playerID) }
        return (player, try PlayerSessionEvents.revoked(player))
    }

    /// Replaces the password hash, if it is still `currentHash` (the one the caller's current password was checked
    /// against), and signs every session out. Returns nil when the hash changed meanwhile (a concurrent change: the
    /// caller's password is no longer current).
    /// - Throws: `.playerNotFound`.
    public static func changePassword(playerID: Int64, from currentHash: String, to newHash: String, now: Int64,
                                      in transaction: Transaction) throws(GameError) -> (player: Player, event: DomainEvent)? {
        let changed = try storeCall { () throws(StoreError) -> Bool in
            try transaction.run("UPDATE players SET password_hash = ? WHERE id = ? AND password_hash = ?",
                                [newHash, playerID, currentHash])
            return transaction.changes == 1
        }
        guard changed else { return nil }
        return try revokeSessions(playerID: playerID, now: now, in: transaction)
    }
}

/// The event that tells a player's connections their older sessions ended: `sessions_revoked` on `player:{id}`, with
/// the new generation. The node's gateway closes that player's sockets of older generations when it sees it (on a
/// standby too, which republishes the primary's events).
public enum PlayerSessionEvents {
    /// The event type.
    public static let revokedType = "sessions_revoked"

    /// The data of the event.
    private struct Payload: Codable {
        var playerId: Int64
        var tokenGeneration: Int64
    }

    /// `{"playerId":…,"tokenGeneration":…}` on `player:{id}`.
    public static func revoked(_ player: Player) throws(GameError) -> DomainEvent {
        do {
            return try DomainEvent(topic: "player:\(player.id)", type: revokedType,
                                   data: Payload(playerId: player.id, tokenGeneration: player.tokenGeneration))
        } catch {
            throw .corruptRow(table: "players", id: player.id, detail: "event not encodable")
        }
    }

    /// The player id and generation of a `sessions_revoked` event, or nil for any other event.
    public static func decodeRevoked(_ event: DomainEvent) -> (playerID: Int64, tokenGeneration: Int64)? {
        guard event.type == revokedType,
              let payload = try? JSONDecoder().decode(Payload.self, from: Data(event.dataJSON)) else { return nil }
        return (payload.playerId, payload.tokenGeneration)
    }
}
