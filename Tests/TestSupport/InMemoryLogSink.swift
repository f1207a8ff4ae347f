import Locking
import Telemetry

/// A `LogSink` that keeps every record in memory, for tests that assert on what was logged.
///
/// Unbounded by design, so it lives in the test-support target and never in the binary. Thread-safe: the records sit behind a `Locked`.
public final class InMemoryLogSink: LogSink {
    private let storage = Locked<[LogRecord]>([])

    public init() {}

    /// Every record written so far, oldest first.
    public var records: [LogRecord] {
        storage.withLock { $0 }
    }

    /// Forgets all records.
    public func clear() {
        storage.withLock { $0.removeAll() }
    }

    public func write(_ record: LogRecord) {
        storage.withLock { $0.append(record) }
    }
}
