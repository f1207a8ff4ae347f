/// The source of wall-clock time for every time-based rule of the server: auction end times, job `run_at`, leases,
/// rate limits, token expiry, replication lag and backup names.
///
/// One protocol for the whole tree, injected wherever a rule reads the time, so a test moves one manual clock instead
/// of sleeping or keeping several clocks in step. Implementations are read from any thread.
public protocol WallClock: Sendable {
    /// The current time.
    var now: UnixMilliseconds { get }
}
