import Store

/// What one chunk of a resource update run did.
public struct ResourceChunkResult: Sendable {
    /// The run after this chunk (status `completed` when it was the last).
    public var run: ResourceUpdateRun
    public var updatedSquares: Int64
    public var failedSquares: Int64
    /// `square_updated` and `resources_produced` events, plus `resource_run_completed` after the last chunk.
    public var events: [DomainEvent]

    public var isRunFinished: Bool { run.status != .running }
}

/// One chunk of a resource update run: production of the due squares with ids in (cursor, cursor + chunkSquares],
/// paid to owners as ledger transfers from the mint, with depleted deposits replaced (`ResourceRebalancer`).
///
/// Runs inside one writer command (the chunk job's), so a chunk is applied entirely or not at all and the run's
/// cursor moves with it: a chunk never applies twice, and a crashed run resumes at the committed cursor.
public enum ResourceChunk {
    /// Processes the next chunk of run `runID`. Returns nil (changing nothing) when the run is not running or its
    /// cursor is not `expectedCursor` (the chunk was already applied).
    public static func process(runID: Int64, expectedCursor: Int64, now: Int64, configuration: ResourceConfiguration,
                               in transaction: Transaction) throws(GameError) -> ResourceChunkResult? {
        guard let run = try ResourceRuns.find(id: runID, in: transaction), run.status == .running,
              run.cursor == expectedCursor else { return nil }
        let upper = min(run.lastSquareID, run.cursor + max(1, configuration.chunkSquares))
        let loaded = try ResourceSquareBatch.load(after: run.cursor, through: upper, dueAt: run.dueAt,
                                                  configuration: configuration, in: transaction)
        var tally = ResourceTally(runID: runID)
        var outcomes: [(DueSquare, ResourceOutcome)] = []
        outcomes.reserveCapacity(loaded.squares.count)
        for square in loaded.squares {
            guard let outcome = ResourceRules.produce(
                square.resource, producedUntil: square.producedUntil, isOwned: square.ownerID != nil,
                bonusPercent: square.bonusPercent, now: run.dueAt, configuration: configuration) else { continue }
            outcomes.append((square, outcome))
            if let owner = square.ownerID, outcome.amount > 0 { tally.add(owner: owner, outcome.asset, outcome.amount) }
        }
        let failedOwners = try tally.pay(reference: "resource-run:\(runID)", now: now, in: transaction)
        let seed = try ResourceRuns.worldSeed(in: transaction)
        var failed = Int64(loaded.unreadable)
        var updated: Int64 = 0
        var deposits: Int64 = 0
        var events: [DomainEvent] = []
        for (square, outcome) in outcomes {
            if let owner = square.ownerID, failedOwners.contains(owner) {
                failed += 1
                continue
            }
            try ResourceSquareBatch.store(square, outcome, in: transaction)
            updated += 1
            tally.record(outcome)
            if let owner = square.ownerID, outcome.amount > 0 {
                events.append(ResourceEvents.squareProduced(square: square.id, owner: owner, outcome: outcome, runID: runID))
            }
            if outcome.isDepleted, let placed = try ResourceRebalancer.placeDeposit(
                replacing: square.kind, regionID: square.regionID, x: square.x, y: square.y, seed: seed,
                dueAt: run.dueAt, now: now, configuration: configuration, in: transaction) {
                deposits += 1
                events.append(ResourceEvents.depositPlaced(square: placed, kind: square.kind, runID: runID))
            }
        }
        events += tally.playerEvents(excluding: failedOwners)
        let finished = upper >= run.lastSquareID
        try storeCall { () throws(StoreError) in
            try transaction.run(
                """
                UPDATE resource_update_runs SET cursor = ?2, chunks = chunks + 1, updated_items = updated_items + ?3,
                    failed_items = failed_items + ?4, yielded_wheat = yielded_wheat + ?5, yielded_ore = yielded_ore + ?6,
                    yielded_oil = yielded_oil + ?7, new_deposits = new_deposits + ?8, updated_at = ?9,
                    status = CASE WHEN ?10 THEN 'completed' ELSE status END,
                    ended_at = CASE WHEN ?10 THEN ?9 ELSE ended_at END
                WHERE id = ?1
                """,
                [runID, upper, updated, failed, tally.total(.wheat), tally.total(.ore), tally.total(.oil), deposits, now,
                 finished])
        }
        guard let after = try ResourceRuns.find(id: runID, in: transaction) else {
            throw .corruptRow(table: "resource_update_runs", id: runID, detail: "vanished")
        }
        if finished { events.append(ResourceEvents.runCompleted(after)) }
        return ResourceChunkResult(run: after, updatedSquares: updated, failedSquares: failed, events: events)
    }
}

/// Yields of one chunk summed per owner and asset (one ledger transfer each) and per asset (the run's totals).
struct ResourceTally {
    let runID: Int64
    private(set) var byOwner: [Int64: [Asset: Int64]] = [:]
    private var totals: [Asset: Int64] = [:]

    init(runID: Int64) { self.runID = runID }

    mutating func add(owner: Int64, _ asset: Asset, _ amount: Int64) {
        byOwner[owner, default: [:]][asset, default: 0] += amount
    }

    /// Counts an applied outcome in the run's totals.
    mutating func record(_ outcome: ResourceOutcome) {
        totals[outcome.asset, default: 0] += outcome.amount
    }

    func total(_ asset: Asset) -> Int64 { totals[asset] ?? 0 }

    /// Pays every owner from the mint; returns the owners that could not be paid (no ledger account), whose
    /// squares are then left unchanged for the next run.
    func pay(reference: String, now: Int64, in transaction: Transaction) throws(GameError) -> Set<Int64> {
        var failed: Set<Int64> = []
        for owner in byOwner.keys.sorted() {
            try storeCall { () throws(StoreError) in try transaction.execute("SAVEPOINT resource_owner_pay") }
            do {
                for (asset, amount) in byOwner[owner, default: [:]].sorted(by: { $0.key < $1.key }) where amount > 0 {
                    try Ledger.grant(amount, of: asset, to: owner, reason: ResourceRuns.yieldReason,
                                     reference: reference, now: now, in: transaction)
                }
            } catch .playerNotFound, .accountNotFound, .balanceOverflow {
                failed.insert(owner)
                try storeCall { () throws(StoreError) in try transaction.execute("ROLLBACK TO resource_owner_pay") }
            }
            try storeCall { () throws(StoreError) in try transaction.execute("RELEASE resource_owner_pay") }
        }
        return failed
    }

    func playerEvents(excluding failed: Set<Int64>) -> [DomainEvent] {
        byOwner.keys.sorted().filter { !failed.contains($0) }.map { owner in
            ResourceEvents.resourcesProduced(owner: owner, amounts: byOwner[owner, default: [:]], runID: runID)
        }
    }
}
