import Store

/// A player as every profile answer shows them: profile, holdings and how many squares they own.
///
/// Why it exists: registration, login, password change and sign-out all answer with the same view, read inside
/// their writer command (`PlayerService`), and `/api/me` reads it from a reader snapshot; one loader keeps them equal.
/// A plain value, sent to any thread.
public struct PlayerView: Sendable, Equatable {
    public var player: Player
    public var holdings: PlayerHoldings
    public var squareCount: Int64

    /// `playerID`'s view, or nil when the player does not exist.
    public static func load(playerID: Int64, in database: any SQLExecutor) throws(GameError) -> PlayerView? {
        guard let player = try Players.find(id: playerID, in: database) else { return nil }
        return PlayerView(player: player, holdings: try Ledger.holdings(playerID: playerID, in: database),
                          squareCount: try Players.squareCount(playerID: playerID, in: database))
    }
}
