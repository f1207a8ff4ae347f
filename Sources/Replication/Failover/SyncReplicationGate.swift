import Foundation
import Locking
import Store
import Telemetry

/// Sync replication's release gate: holds each committed writer batch's completions until the standby acknowledged
/// the batch's replication sequence number, then releases them in commit order.
///
/// The writer's `WriterCompletionGate`. `hold(_:)` runs on the writer thread and never blocks (it reads the log
/// head and queues); one gate thread ("worldgame-sync-gate") owns the waiting: it takes batches in order and waits for
/// the acknowledgement (one wait per batch, not per command, and usually one round trip covers many batches). When
/// no acknowledgement comes within `timeout`: with `.block` writes stay unacknowledged (logged at error level every
/// timeout, counted) until the standby is back; with `.async` the gate degrades to async replication (logged at error
/// level, counted, gauge 1), releasing at once, and returns to sync as soon as the standby has caught up again.
/// When the node stops being primary while batches wait (fenced: a newer primary exists), the gate stops waiting and
/// answers them with `StoreError.commitUnconfirmed`: they committed here, but the cluster moved on without confirming
/// them, so a success answer would break sync mode's promise (checked every `fenceCheckInterval`).
public final class SyncReplicationGate: WriterCompletionGate {
    /// What to do when the standby does not acknowledge within the timeout (`--sync-fallback`).
    public enum Fallback: String, Sendable, CaseIterable {
        case block
        case async
    }

    /// The facts and callbacks the gate works from.
    public struct Configuration: Sendable {
        /// The replication log's head sequence number, read on the writer thread right after a commit.
        public var headSequence: @Sendable () -> Int64
        /// Blocks until the standby acknowledged `sequence` (true) or `timeout` passed (false).
        public var waitForAcknowledgement: @Sendable (_ sequence: Int64, _ timeout: Duration) -> Bool
        public var timeout: Duration
        public var fallback: Fallback
        /// Whether this node is the primary now (a standby's applier batches, and a fenced node's, pass ungated).
        public var isPrimary: @Sendable () -> Bool = { true }

        public init(headSequence: @escaping @Sendable () -> Int64,
                    waitForAcknowledgement: @escaping @Sendable (_ sequence: Int64, _ timeout: Duration) -> Bool,
                    timeout: Duration, fallback: Fallback, isPrimary: @escaping @Sendable () -> Bool = { true }) {
            self.headSequence = headSequence
            self.waitForAcknowledgement = waitForAcknowledgement
            self.timeout = timeout
            self.fallback = fallback
            self.isPrimary = isPrimary
        }
    }

    private struct Pending: Sendable {
        var sequence: Int64
        var batch: WriterHeldBatch
        /// Whether the batch is a primary's write waiting for its acknowledgement (false: queued only to keep order).
        var isGated: Bool
    }

    private enum WaitOutcome {
        case acknowledged
        case timedOut
        case fenced
    }

    private struct State: Sendable {
        var pending: [Pending] = []
        var isDegraded = false
        var isStopped = false
        /// Off until `activate()`: the node's own start-up writes must not wait for a standby that can only connect
        /// once the node serves.
        var isActive = false
        /// Whether the first batch answered `commitUnconfirmed` was logged (the rest are only counted in the log line).
        var isFenceLogged = false
    }

    /// How often a wait for an acknowledgement checks that the node is still primary.
    static let fenceCheckInterval: Duration = .milliseconds(100)

    private let configuration: Configuration
    private let logger: Logger
    private let metrics: SyncReplicationMetrics
    private let state = Locked(State())
    private let wakeups = DispatchSemaphore(value: 0)
    private let finished = DispatchSemaphore(value: 0)

    public init(configuration: Configuration, logger: Logger, metrics: SyncReplicationMetrics) {
        self.configuration = configuration
        self.logger = logger
        self.metrics = metrics
        let thread = Thread { [self] in run() }
        thread.name = "worldgame-sync-gate"
        thread.start()
    }

    /// Whether the gate currently releases without waiting (degraded to async after a timeout).
    public var isDegraded: Bool { state.withLock { $0.isDegraded } }

    /// Batches committed and not yet released.
    public var pendingCount: Int { state.withLock { $0.pending.count } }

    /// Starts gating (call once the node serves). Until then, and on a node that is not primary, batches pass.
    public func activate() {
        state.withLock { $0.isActive = true }
        logger.info("sync replication active", [("timeout_ms", .double(configuration.timeout.milliseconds)),
                                                 ("fallback", .string(configuration.fallback.rawValue))])
    }

    /// The writer's entry point (writer thread; never blocks).
    public func hold(_ batch: WriterHeldBatch) {
        let sequence = configuration.headSequence()
        let isPrimary = configuration.isPrimary()
        let accepted = state.withLock { state -> Bool in
            // Batches queued earlier are released first, so order holds even when this one passes ungated.
            let isGated = state.isActive && isPrimary
            guard !state.isStopped, isGated || !state.pending.isEmpty else { return false }
            state.pending.append(Pending(sequence: sequence, batch: batch, isGated: isGated))
            return true
        }
        guard accepted else { return batch.release() }
        wakeups.signal()
    }

    /// Stops the gate thread after releasing what it holds (call after the writer shut down). Idempotent.
    public func stop() {
        let wasStopped = state.withLock { state in defer { state.isStopped = true }; return state.isStopped }
        guard !wasStopped else { return }
        wakeups.signal()
        finished.wait()
    }

    private func run() {
        while true {
            wakeups.wait()
            let next = state.withLock { state -> (Pending?, Bool) in
                (state.pending.first, state.isStopped)
            }
            guard let pending = next.0 else {
                if next.1 { break }
                continue
            }
            process(pending)
            state.withLock { _ = $0.pending.removeFirst() }
        }
        finished.signal()
    }

    /// Waits for `pending`'s acknowledgement as the mode and fallback say, then releases it (or answers it
    /// `commitUnconfirmed` when the node was fenced meanwhile).
    private func process(_ pending: Pending) {
        guard pending.isGated else { return pending.batch.release() }
        let (isDegraded, isStopped) = state.withLock { ($0.isDegraded, $0.isStopped) }
        if !configuration.isPrimary() { return releaseIfAcknowledged(pending) }
        if isDegraded || isStopped {
            pending.batch.release()
            if isDegraded, configuration.waitForAcknowledgement(pending.sequence, .zero) { resumeSync(at: pending.sequence) }
            return
        }
        let start = ContinuousClock.now
        var outcome = awaitAcknowledgement(of: pending.sequence)
        while outcome == .timedOut {
            metrics.timeouts.increment()
            let fields: [(String, LogValue)] = [
                ("sequence", .int(pending.sequence)), ("timeout_ms", .double(configuration.timeout.milliseconds)),
                ("fallback", .string(configuration.fallback.rawValue)),
            ]
            if configuration.fallback == .async {
                state.withLock { $0.isDegraded = true }
                metrics.degraded.set(1)
                logger.error("sync replication degraded to async: standby did not acknowledge", fields)
                break
            }
            logger.error("sync replication blocking writes: standby did not acknowledge", fields)
            if state.withLock({ $0.isStopped }) { break }
            outcome = awaitAcknowledgement(of: pending.sequence)
        }
        metrics.waitDuration.observe(ContinuousClock.now - start)
        if outcome == .fenced { return releaseIfAcknowledged(pending) }
        pending.batch.release()
    }

    /// A batch held on a node that is no longer primary: confirmed when the standby acknowledged it anyway (a
    /// switchover steps down only once the standby acknowledged the final head, and this thread may see the new role
    /// before it sees that acknowledgement), else a fenced node's unconfirmed batch.
    private func releaseIfAcknowledged(_ pending: Pending) {
        guard configuration.waitForAcknowledgement(pending.sequence, .zero) else { return answerFenced(pending) }
        pending.batch.release()
    }

    /// Waits up to `timeout` for `sequence`'s acknowledgement, in slices of `fenceCheckInterval`, so that a node fenced
    /// meanwhile stops waiting within one slice.
    private func awaitAcknowledgement(of sequence: Int64) -> WaitOutcome {
        let deadline = ContinuousClock.now + configuration.timeout
        while true {
            if !configuration.isPrimary() { return .fenced }
            let slice = min(max(deadline - ContinuousClock.now, .zero), Self.fenceCheckInterval)
            if configuration.waitForAcknowledgement(sequence, slice) { return .acknowledged }
            if ContinuousClock.now >= deadline { return .timedOut }
        }
    }

    /// A fenced node's batch: committed here, never confirmed by the standby that became primary since.
    private func answerFenced(_ pending: Pending) {
        let isFirst = state.withLock { state in defer { state.isFenceLogged = true }; return !state.isFenceLogged }
        if isFirst {
            logger.warning("sync replication: node fenced, unacknowledged results answered commit_unconfirmed", [
                ("sequence", .int(pending.sequence)),
                ("pending", .int(Int64(state.withLock { $0.pending.count }))),
            ])
        }
        pending.batch.fail(StoreError.commitUnconfirmed(
            reason: "this node was fenced (a newer primary exists) before its standby acknowledged the write"))
    }

    private func resumeSync(at sequence: Int64) {
        state.withLock { $0.isDegraded = false }
        metrics.degraded.set(0)
        logger.warning("sync replication resumed: standby caught up", [("sequence", .int(sequence))])
    }
}
