/// The knobs of the worker pool, the claim, retries and the scheduler thread.
///
/// A plain value read once at start-up; every duration is real time except where the rule uses the `WallClock`
/// (leases, backoff, schedules), which the doc of each field says.
public struct JobsConfiguration: Sendable {
    /// Worker threads (`serve --workers N`); 0 runs the scheduler but executes no jobs.
    public var workerCount: Int
    /// Jobs one claim command takes at most (one short writer transaction).
    public var claimBatchSize: Int
    /// How long a claim holds a job before another worker may reclaim it (wall clock).
    public var leaseDuration: Duration
    /// How long an idle worker sleeps before claiming again when nothing wakes it (jobs due later, other processes).
    public var idleWait: Duration
    /// Attempts before a job goes dead, when `NewJob.maxAttempts` is nil.
    public var defaultMaxAttempts: Int
    /// Backoff between attempts (wall clock).
    public var retryPolicy: JobRetryPolicy
    /// How often the scheduler thread enqueues due schedule runs.
    public var schedulerTick: Duration
    /// How often the scheduler thread recounts `worldgame_jobs_queue_depth`.
    public var queueDepthRefresh: Duration
    /// Done jobs older than this are deleted by the scheduler thread (wall clock); nil keeps them forever.
    public var doneRetention: Duration?
    /// Longest text kept in `jobs.last_error`.
    public var maxErrorBytes: Int
    /// A prefix naming this process in lease owners (e.g. the node's host name).
    public var ownerPrefix: String
    /// Kinds that run on the other node: enqueueing one writes an `outbox` row (same transaction) instead of a job;
    /// the cloud outbox relay ships it. Empty unless the cloud queue is configured.
    public var remoteKinds: Set<String> = []
    /// How often the scheduler thread extends the leases of jobs this process still holds (real time), so a job that
    /// runs longer than `leaseDuration` (a first export, a slow outside call) is not reclaimed while its worker lives.
    /// Keep it well under `leaseDuration`: a process that dies stops renewing, and its jobs are reclaimed on expiry.
    public var leaseRenewal: Duration
    /// Leases are renewed for at most this long after their batch was claimed (real time): a handler that hangs longer
    /// loses its job on the next expiry, and another worker may run it again (outside jobs are at least once).
    public var maxRenewedRun: Duration = .seconds(3600)

    public init(workerCount: Int = 2) {
        self.workerCount = max(0, workerCount)
        claimBatchSize = 16
        leaseDuration = .seconds(60)
        leaseRenewal = .seconds(20)
        idleWait = .seconds(1)
        defaultMaxAttempts = 5
        retryPolicy = JobRetryPolicy()
        schedulerTick = .seconds(1)
        queueDepthRefresh = .seconds(5)
        doneRetention = .seconds(7 * 24 * 3600)
        maxErrorBytes = 2000
        ownerPrefix = "worldgame"
    }
}
