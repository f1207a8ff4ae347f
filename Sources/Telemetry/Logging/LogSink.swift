/// Where log records go: the one-method back end behind `Logger` (swift-log's `LogHandler` habit).
///
/// Implementations are called from any thread, concurrently, and must not block for long.
public protocol LogSink: Sendable {
    /// Delivers one record. Must not throw or crash: logging failures are swallowed by the sink.
    func write(_ record: LogRecord)

    /// Delivers one record already encoded as the JSON line `JSONLineEncoder` makes of it (newline included), at
    /// `level`; returns false, having done nothing, when the sink needs the record itself (the caller then builds it
    /// and calls `write(_:)`). For a line logged on every request (`Logger.log(_:_:encodingFields:fields:)`).
    func write(encodedLine line: [UInt8], level: LogLevel) -> Bool
}

extension LogSink {
    /// By default a sink takes records only.
    public func write(encodedLine line: [UInt8], level: LogLevel) -> Bool { false }
}
