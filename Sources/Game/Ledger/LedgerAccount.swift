import Store

/// One row of the `accounts` table: who holds which asset in what role, and its cached balance.
///
/// A value read inside a writer command or a reader snapshot; stale as soon as that ends.
public struct LedgerAccount: Sendable, Equatable {
    public var id: Int64
    public var kind: AccountKind
    public var asset: Asset
    /// The owning player; nil for system accounts.
    public var playerID: Int64?
    /// Cached sum of transfers in minus transfers out.
    public var balance: Int64
}

// In an extension, so that Swift still gives the struct its memberwise initializer.
extension LedgerAccount {
    /// Reads an `accounts` row selected with `id, kind, asset, player_id, balance`.
    init(row: Row) throws(GameError) {
        let id = try storeCall { () throws(StoreError) in try row.int64("id") }
        let kindText = try storeCall { () throws(StoreError) in try row.string("kind") }
        let assetText = try storeCall { () throws(StoreError) in try row.string("asset") }
        self.id = id
        kind = try AccountKind(stored: kindText, column: "kind", table: "accounts", id: id)
        asset = try Asset(stored: assetText, column: "asset", table: "accounts", id: id)
        playerID = try storeCall { () throws(StoreError) in try row.optionalInt64("player_id") }
        balance = try storeCall { () throws(StoreError) in try row.int64("balance") }
    }

    static let columns = "id, kind, asset, player_id, balance"
}
