import Clocks
import Dispatch
import Foundation
import Game
import Locking
import Store
import Telemetry

/// A primary's background pass that stores the object of every stale land square (`SquareObjects.backfill`): squares
/// stored before migration 0018, or changed by SQL on another connection, until none is stale.
///
/// Exists because the writer's pre-commit step stores at most `SquareObjects.preCommitLimit` stale squares a batch,
/// and an idle node runs no batches; until stored, the area route writes those squares from their rows (correct, and
/// slower). One per period in the primary role (a `PrimaryServices` entry): its own thread submits one writer command
/// of `SquareObjects.backfillChunk` squares at a time, so other commands run between them; `stop` ends it after the
/// command in flight. Never on a standby: its objects come in the primary's changesets.
final class SquareObjectBackfill: Sendable {
    private let writer: Writer
    private let logger: Logger
    private let isStopping = Locked(false)
    private let finished = DispatchSemaphore(value: 0)

    init(writer: Writer, logger: Logger) {
        self.writer = writer
        self.logger = logger
    }

    /// Starts the pass on its own thread.
    func start() {
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "worldgame-square-backfill"
        thread.start()
    }

    /// Asks the pass to end after its command in flight; returns whether it ended within `deadline`.
    func stop(deadline: Duration) -> Bool {
        isStopping.withLock { $0 = true }
        let wait = DispatchTime.now() + .milliseconds(Int(max(0, deadline.wholeMilliseconds)))
        guard finished.wait(timeout: wait) == .success else { return false }
        finished.signal()   // a second stop returns at once
        return true
    }

    private func run() {
        let began = ContinuousClock.now
        let isStopping = isStopping
        do {
            let stored = try SquareObjects.backfill(writer: writer) { isStopping.withLock { $0 } }
            if stored > 0 {
                logger.info("land square objects backfilled", [
                    ("squares", .int(Int64(stored))), ("duration_ms", .double((ContinuousClock.now - began).milliseconds)),
                ])
            }
        } catch {
            // The writer stopped or the node stepped down: the next primary period (or the next batches) go on.
            logger.warning("land square objects backfill stopped", [("error", .string(String(describing: error)))])
        }
    }
}
