import Game
import Store

/// A player as the API shows it: profile, holdings and how many squares they own.
///
/// Read inside a writer command (after register/login) or a reader snapshot (`/api/me`), then sent to any thread.
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
