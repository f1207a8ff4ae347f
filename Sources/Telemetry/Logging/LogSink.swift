/// Where log records go: the one-method back end behind `Logger` (swift-log's `LogHandler` habit).
///
/// Implementations are called from any thread, concurrently, and must not block for long.
public protocol LogSink: Sendable {
    /// Delivers one record. Must not throw or crash: logging failures are swallowed by the sink.
    func write(_ record: LogRecord)
}
