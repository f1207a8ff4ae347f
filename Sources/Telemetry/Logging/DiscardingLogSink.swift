/// A `LogSink` that drops every record: the no-op back end (swift-log's `SwiftLogNoOpLogHandler`) for tools that
/// run the node's parts in-process and want none of their lines, such as the benchmarks.
///
/// Stateless, so any thread may call it.
public struct DiscardingLogSink: LogSink {
    public init() {}

    public func write(_ record: LogRecord) {}
}
