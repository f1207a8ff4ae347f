import Dispatch
import Foundation
import Locking

/// The primary's outbox of recent records for standbys: a bounded in-memory tail of the log, the long-poll requests
/// waiting for the next record, and each standby's acknowledged seq (the `after` of its latest request).
///
/// `append` runs on the writer thread after a commit; `poll` on event loops; timeouts on the feed's own thread
/// ("worldgame-repl-feed"). A Mutex guards the state; responses are delivered after it is released.
public final class ReplicationFeed: Sendable {
    /// A request waiting for records after `afterSeq` until `deadline`.
    struct Waiter: Sendable {
        let afterSeq: Int64
        let deadline: ContinuousClock.Instant
        let deliver: @Sendable ([ReplicationRecord]) -> Void
    }

    struct State {
        var tail: [ReplicationRecord] = []
        var tailBytes = 0
        var waiters: [Waiter] = []
        var acknowledged: [String: Int64] = [:]
        /// When a standby last asked for records (any standby), for the contact-age gauge.
        var lastStandbyContact: ContinuousClock.Instant?
        var acknowledgementWaiters: [(seq: Int64, signal: DispatchSemaphore)] = []
        var isStopped = false
    }

    /// Records kept in memory (older ones are read from the database).
    public let maxTailRecords: Int
    /// Changeset and event bytes kept in memory, all records together (the newest record is always kept).
    ///
    /// The tail is kept whether or not a standby is connected (one may connect at any time), so it is memory every
    /// primary holds. Its records are as large as the batches that wrote them: 4,096 bid-sized records are about
    /// 6 MB, but one settlement wave that releases thousands of bids in one batch is a single 3 MB record, and a tail
    /// bounded at 32 MiB grew with every such wave until that bound (a memory soak's RSS stepped up 11-14 MiB at one).
    /// 8 MiB keeps the last 4,096 ordinary records (a standby a couple of minutes behind at full write load catches up
    /// from memory) and makes a wave push older records out instead; a standby further behind reads the database.
    public let maxTailBytes: Int
    private let state = Locked(State())
    private let wakeTimer = DispatchSemaphore(value: 0)
    private let timerDone = DispatchSemaphore(value: 0)

    public init(maxTailRecords: Int = 4_096, maxTailBytes: Int = 8 << 20) {
        self.maxTailRecords = max(1, maxTailRecords)
        self.maxTailBytes = maxTailBytes
    }

    /// Starts the thread that answers long polls whose wait ran out.
    public func start() {
        let thread = Thread { [self] in runTimer() }
        thread.name = "worldgame-repl-feed"
        thread.start()
    }

    /// Answers every waiting poll with nothing and stops the timer thread. Idempotent.
    public func stop() {
        let (waiters, wasStopped) = state.withLock { state in
            defer { state.waiters = []; state.isStopped = true }
            return (state.waiters, state.isStopped)
        }
        for waiter in waiters { waiter.deliver([]) }
        guard !wasStopped else { return }
        wakeTimer.signal()
        _ = timerDone.wait(timeout: .now() + 2)
    }

    /// Adds a committed record and answers the polls it satisfies. Writer thread.
    func append(_ record: ReplicationRecord) {
        let due: [(Waiter, [ReplicationRecord])] = state.withLock { state in
            if let last = state.tail.last, record.seq != last.seq + 1 {
                // The tail must be contiguous (`slice` indexes it by seq). A node that handed its primary role over
                // and took it back applied the records in between as a standby, without this feed: start afresh
                // (older records are read from the database).
                state.tail = []
                state.tailBytes = 0
            }
            state.tail.append(record)
            state.tailBytes += record.changeset.count + record.events.count
            while state.tail.count > maxTailRecords || (state.tailBytes > maxTailBytes && state.tail.count > 1) {
                let dropped = state.tail.removeFirst()
                state.tailBytes -= dropped.changeset.count + dropped.events.count
            }
            let ready = state.waiters.filter { $0.afterSeq < record.seq }
            state.waiters.removeAll { $0.afterSeq < record.seq }
            return ready.map { ($0, Self.slice(of: state.tail, after: $0.afterSeq, maxBytes: maxTailBytes) ?? [record]) }
        }
        for (waiter, records) in due { waiter.deliver(records) }
    }

    /// Records after `afterSeq` from memory: nil when the tail does not reach back that far (read the database),
    /// an empty list when there is nothing newer.
    public func recordsInMemory(after afterSeq: Int64, maxBytes: Int) -> [ReplicationRecord]? {
        state.withLock { Self.slice(of: $0.tail, after: afterSeq, maxBytes: maxBytes) }
    }

    /// Registers a long poll for records after `afterSeq`: `deliver` runs (on the writer thread) as soon as one
    /// commits, or with an empty list at `deadline` (on the feed thread). Returns false when the feed is stopped.
    public func wait(after afterSeq: Int64, until deadline: ContinuousClock.Instant,
                     deliver: @escaping @Sendable ([ReplicationRecord]) -> Void) -> Bool {
        let accepted = state.withLock { state -> Bool in
            guard !state.isStopped else { return false }
            state.waiters.append(Waiter(afterSeq: afterSeq, deadline: deadline, deliver: deliver))
            return true
        }
        if accepted { wakeTimer.signal() }
        return accepted
    }

    /// Records that `standby` durably applied everything through `seq` (never moves backwards).
    public func acknowledge(standby: String, seq: Int64) {
        let released: [DispatchSemaphore] = state.withLock { state in
            state.acknowledged[standby] = max(state.acknowledged[standby] ?? 0, seq)
            state.lastStandbyContact = .now
            let done = state.acknowledgementWaiters.filter { $0.seq <= seq }
            state.acknowledgementWaiters.removeAll { $0.seq <= seq }
            return done.map(\.signal)
        }
        for signal in released { signal.signal() }
    }

    /// Changeset and event bytes the tail holds now (the `worldgame_replication_feed_tail_bytes` gauge).
    public var tailBytes: Int { state.withLock { $0.tailBytes } }

    /// When a standby last asked for records (every request acknowledges), or nil when none has since start.
    public var lastStandbyContact: ContinuousClock.Instant? { state.withLock { $0.lastStandbyContact } }

    /// Each standby's acknowledged seq, by name.
    public var acknowledgedSeqs: [String: Int64] { state.withLock { $0.acknowledged } }

    /// The lowest seq every known standby acknowledged, or nil when none has been heard from.
    public func minimumAcknowledgedSeq() -> Int64? {
        state.withLock { $0.acknowledged.values.min() }
    }

    /// Blocks the calling thread until some standby acknowledged `seq` or `timeout` passed; returns whether it did.
    /// The extension point for sync replication (never call on an event loop or the writer thread).
    public func waitForAcknowledgement(of seq: Int64, timeout: Duration) -> Bool {
        let signal = DispatchSemaphore(value: 0)
        let alreadyDone = state.withLock { state -> Bool in
            if state.acknowledged.values.contains(where: { $0 >= seq }) { return true }
            state.acknowledgementWaiters.append((seq, signal))
            return false
        }
        if alreadyDone { return true }
        let nanoseconds = Int(timeout.components.seconds) * 1_000_000_000 + Int(timeout.components.attoseconds / 1_000_000_000)
        return signal.wait(timeout: .now() + .nanoseconds(max(0, nanoseconds))) == .success
    }

    /// The records of `tail` after `afterSeq` up to `maxBytes` (at least one), or nil when `tail` starts too late.
    private static func slice(of tail: [ReplicationRecord], after afterSeq: Int64, maxBytes: Int) -> [ReplicationRecord]? {
        guard let first = tail.first else { return nil }
        guard afterSeq >= first.seq - 1 else { return nil }
        let startIndex = Int(afterSeq - first.seq + 1)
        guard startIndex < tail.count else { return [] }
        var result: [ReplicationRecord] = []
        var bytes = 0
        for record in tail[startIndex...] {
            if !result.isEmpty && bytes + record.changeset.count > maxBytes { break }
            result.append(record)
            bytes += record.changeset.count + record.events.count
        }
        return result
    }

    /// The feed thread: answers expired polls with an empty list, sleeping until the next deadline or a new poll.
    private func runTimer() {
        while true {
            let now = ContinuousClock.now
            let (expired, next, isStopped) = state.withLock { state in
                let expired = state.waiters.filter { $0.deadline <= now }
                state.waiters.removeAll { $0.deadline <= now }
                return (expired, state.waiters.map(\.deadline).min(), state.isStopped)
            }
            for waiter in expired { waiter.deliver([]) }
            if isStopped { break }
            let wait = next.map { min(now.duration(to: $0), .seconds(1)) } ?? .seconds(1)
            let nanoseconds = Int(wait.components.attoseconds / 1_000_000_000) + Int(wait.components.seconds) * 1_000_000_000
            _ = wakeTimer.wait(timeout: .now() + .nanoseconds(max(1_000_000, nanoseconds)))
        }
        timerDone.signal()
    }
}
