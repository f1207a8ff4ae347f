import Clocks
import Game
import Jobs
import Store

/// The land domain's one writer: merges, upgrades and the writer commands of resource runs and expansion checks.
/// Each runs the `Game` rule, publishes its events to the `EventBus` and updates the metrics only after the batch
/// commits.
///
/// Why it exists: the REST routes, the WebSocket `merge` command and the resource job handlers (`ResourceJobs`) all
/// change land through it, so one rule path gives one set of results and error codes. Built once at start-up by the
/// node, on every node (a standby's writes are refused by the write guard before they get here); immutable and
/// `Sendable`. Follow-up jobs (the next chunk of a run) go to the node's one shared `JobQueue`, given at
/// construction. Completions run on the writer thread after the commit is durable (or at once on the caller's thread
/// when the writer refuses the command): hand the result on and return.
public final class LandService: Sendable {
    public typealias Completion<T: Sendable> = @Sendable (Result<T, any Error>) -> Void

    /// Most square ids one merge request may name: a bound on the input of the REST route and of the socket command
    /// alike (the rule's own maximum, `ResourceConfiguration.mergeSquareRange`, is lower).
    public static let maxMergeRequestSquares = 64

    public let writer: Writer
    /// The node's job queue: resource runs enqueue their next chunk on it, in the chunk's own writer command.
    public let queue: JobQueue
    public let configuration: ResourceConfiguration
    public let clock: any WallClock
    let bus: EventBus
    let metrics: ResourceMetrics?

    /// - Parameters:
    ///   - queue: the node's shared job queue; its writer is the service's writer.
    ///   - bus: where committed events go (the node's bus).
    ///   - metrics: the resource runs' metrics (created once per registry); none when nil.
    public init(queue: JobQueue, configuration: ResourceConfiguration = ResourceConfiguration(),
                clock: any WallClock = SystemClock(), bus: EventBus, metrics: ResourceMetrics? = nil) {
        self.writer = queue.writer
        self.queue = queue
        self.configuration = configuration
        self.clock = clock
        self.bus = bus
        self.metrics = metrics
    }

    /// Merges `squareIDs` into one plot for `playerID` (rule, fee and events in one writer command); completes with
    /// the plot and its squares as committed.
    /// - Throws (in the completion): `ResourceRuleError` (`mergeSize`, `duplicateSquare`, `notOwner`, `squareLocked`,
    ///   `alreadyMerged`, `notAdjacent`), `GameError` (`squareNotFound`, `insufficientFunds`), the writer's errors.
    public func merge(playerID: Int64, squareIDs: [Int64], completion: @escaping Completion<MergeResult>) {
        run(completion) { service, now, transaction in
            let (merge, events) = try Merges.merge(playerID: playerID, squareIDs: squareIDs, now: now,
                                                   configuration: service.configuration, in: transaction)
            try service.bus.publish(events, after: transaction)
            let squares = try merge.squareIDs.map { id in try World.square(id: id, in: transaction) }
            return MergeResult(merge: merge, squares: squares)
        }
    }

    /// Applies one upgrade of `kind` to `squareID` for `playerID` (rule, payment and events in one writer command).
    /// - Throws (in the completion): `ResourceRuleError`, `GameError`, the writer's errors.
    public func upgrade(playerID: Int64, squareID: Int64, kind: UpgradeKind,
                        completion: @escaping Completion<UpgradeResult>) {
        run(completion) { service, now, transaction in
            let (result, events) = try Upgrades.applyUpgrade(playerID: playerID, squareID: squareID, kind: kind,
                                                             now: now, configuration: service.configuration,
                                                             in: transaction)
            try service.bus.publish(events, after: transaction)
            return result
        }
    }

    /// Submits `command` with the time of the call (read on the caller's thread, as the routes always did).
    private func run<T: Sendable>(_ completion: @escaping Completion<T>,
                                  _ command: @escaping @Sendable (LandService, Int64, Transaction) throws -> T) {
        let now = clock.now.rawValue
        writer.submit({ [self] transaction in try command(self, now, transaction) }, completion: completion)
    }
}
