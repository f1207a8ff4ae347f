/// One long-lived part of a running node (a listener, the job system, a watcher thread) as its `ServiceGroup` sees
/// it: something that starts, and stops again within a deadline.
///
/// Why a protocol: the node starts its parts in dependency order and stops them in reverse (the habit of
/// swift-service-lifecycle's `ServiceGroup`), without knowing each part's own start and stop calls. Parts conform
/// directly or through a thin adapter in the layer that wires the node. `start()` and `stop(deadline:)` run on the
/// thread that drives the group (the main thread at start-up, the shutdown thread, a promotion or fencing thread).
public protocol Service: Sendable {
    /// A short, constant name for logs ("api-listener", "job-system").
    var name: String { get }

    /// Starts the part; on return it runs (or was already running).
    /// - Throws: whatever kept it from starting; nothing of it is left running then.
    func start() throws

    /// Stops the part, giving in-flight work up to `deadline` to finish; returns whether it finished in time.
    /// Idempotent; never throws (a part that cannot stop cleanly says so in the result and its own log line).
    @discardableResult
    func stop(deadline: Duration) -> Bool
}
