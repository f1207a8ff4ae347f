import Game
import Store

/// The resource economy's player commands as writer-command bodies: the Game rule plus publication of its events
/// after the commit.
///
/// Called inside `Writer.submit` by the API (on the writer thread); nothing here blocks.
public enum ResourceCommands {
    /// `Merges.merge`, publishing `merge_completed` and `square_updated` after commit.
    public static func merge(playerID: Int64, squareIDs: [Int64], now: Int64, configuration: ResourceConfiguration,
                             events bus: EventBus, in transaction: Transaction) throws -> LandMerge {
        let (merge, events) = try Merges.merge(playerID: playerID, squareIDs: squareIDs, now: now,
                                               configuration: configuration, in: transaction)
        try bus.publish(events, after: transaction)
        return merge
    }

    /// `Upgrades.applyUpgrade`, publishing `square_updated` after commit.
    public static func upgrade(playerID: Int64, squareID: Int64, kind: UpgradeKind, now: Int64,
                               configuration: ResourceConfiguration, events bus: EventBus,
                               in transaction: Transaction) throws -> UpgradeResult {
        let (result, events) = try Upgrades.applyUpgrade(playerID: playerID, squareID: squareID, kind: kind, now: now,
                                                         configuration: configuration, in: transaction)
        try bus.publish(events, after: transaction)
        return result
    }
}
