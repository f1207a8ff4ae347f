import Locking
import Store
import Telemetry

/// Logs one error line the first time a batch is refused because the writer's view is stale (another process wrote
/// the database); each refused batch is also logged as "writer batch failed" by `WriterMetricsObserver`.
///
/// A writer observer (after the metrics one); runs on the writer thread, its one flag in a `Locked`.
public struct StaleWriterLog: WriterObserver {
    let logger: Logger
    private let reported = Locked(false)

    public init(logger: Logger) {
        self.logger = logger
    }

    public func didFail(_ error: any Error) {
        guard case StoreError.writerStale(let reason)? = error as? StoreError,
              !reported.withLock({ wasReported in defer { wasReported = true }; return wasReported }) else { return }
        logger.error("writer view stale: this node takes no writes until restarted", [("reason", .string(reason))])
    }
}
