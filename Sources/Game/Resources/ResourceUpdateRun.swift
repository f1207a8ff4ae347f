import Store

/// One resource update run (`resource_update_runs`): when it was due, how far it got and what it produced.
///
/// A value read inside a writer command or a reader snapshot. `cursor` is the last square id processed; a run ends
/// when it reaches `lastSquareID`, the largest square id when the run started.
public struct ResourceUpdateRun: Sendable, Equatable {
    /// A run's state: running until its last chunk commits (completed), or failed when it stalled.
    public enum Status: String, Sendable, Equatable, CaseIterable {
        case running, completed, failed
    }

    public var id: Int64
    /// The instant production is computed for (Unix milliseconds).
    public var dueAt: Int64
    public var status: Status
    public var startedAt: Int64
    public var endedAt: Int64?
    public var updatedAt: Int64
    public var cursor: Int64
    public var lastSquareID: Int64
    public var chunks: Int64
    /// Squares whose production was applied.
    public var updatedItems: Int64
    /// Squares skipped because their row was unreadable or their owner has no ledger account.
    public var failedItems: Int64
    public var yieldedWheat: Int64
    public var yieldedOre: Int64
    public var yieldedOil: Int64
    /// Deposits placed to replace depleted ones.
    public var newDeposits: Int64
    public var error: String?

    static let columns = """
        id, due_at, status, started_at, ended_at, updated_at, cursor, last_square_id, chunks, updated_items, \
        failed_items, yielded_wheat, yielded_ore, yielded_oil, new_deposits, error
        """

    init(row: Row) throws(GameError) {
        let id = try storeCall { () throws(StoreError) in try row.int64("id") }
        let statusText = try storeCall { () throws(StoreError) in try row.string("status") }
        self.id = id
        status = try Status(stored: statusText, column: "status", table: "resource_update_runs", id: id)
        do throws(StoreError) {
            dueAt = try row.int64("due_at")
            startedAt = try row.int64("started_at")
            endedAt = try row.optionalInt64("ended_at")
            updatedAt = try row.int64("updated_at")
            cursor = try row.int64("cursor")
            lastSquareID = try row.int64("last_square_id")
            chunks = try row.int64("chunks")
            updatedItems = try row.int64("updated_items")
            failedItems = try row.int64("failed_items")
            yieldedWheat = try row.int64("yielded_wheat")
            yieldedOre = try row.int64("yielded_ore")
            yieldedOil = try row.int64("yielded_oil")
            newDeposits = try row.int64("new_deposits")
            error = try row.optionalString("error")
        } catch {
            throw .store(error)
        }
    }
}
