import Foundation

/// The value-type front end for structured logging: a label, a minimum level, context fields and a sink.
///
/// Cheap to copy; each thread or request keeps its own copy (`with(_:)` adds `request_id` and the like). Messages and
/// fields are `@autoclosure`s, so nothing is formatted below the level (swift-log's habit). The sink does the I/O.
public struct Logger: Sendable {
    /// The component name written as `label` on every line.
    public var label: String
    /// Records below this level are dropped before their message or fields are built.
    public var level: LogLevel
    private let sink: any LogSink
    private var context: [(String, LogValue)] = []

    /// - Parameters:
    ///   - label: the component name (`"writer"`, `"http"`).
    ///   - level: the minimum level written.
    ///   - sink: where records go; JSON lines on standard output by default.
    public init(label: String, level: LogLevel = .info, sink: any LogSink = JSONLinesSink.standardOutput) {
        self.label = label
        self.level = level
        self.sink = sink
    }

    /// A copy that writes `fields` on every line, after the context it already has.
    ///
    /// A key given again replaces the earlier value (in place); a field given at the call site replaces a context field.
    public func with(_ fields: [(String, LogValue)]) -> Logger {
        var copy = self
        copy.context = Logger.merge(context, fields)
        return copy
    }

    /// Whether a record at `level` would be written.
    public func isEnabled(_ level: LogLevel) -> Bool {
        level >= self.level
    }

    /// Per-request detail.
    public func debug(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, LogValue)] = []) {
        log(.debug, message(), fields())
    }

    /// Lifecycle and role changes.
    public func info(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, LogValue)] = []) {
        log(.info, message(), fields())
    }

    /// Degraded but serving.
    public func warning(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, LogValue)] = []) {
        log(.warning, message(), fields())
    }

    /// A person must act.
    public func error(_ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, LogValue)] = []) {
        log(.error, message(), fields())
    }

    /// Writes a record at `level` if it is enabled; `message` and `fields` are evaluated only then.
    public func log(_ level: LogLevel, _ message: @autoclosure () -> String, _ fields: @autoclosure () -> [(String, LogValue)] = []) {
        guard isEnabled(level) else { return }
        let record = LogRecord(
            time: Date(), level: level, label: label, message: message(), fields: Logger.merge(context, fields()))
        sink.write(record)
    }

    /// Writes a line at `level` whose fields `encode` appends straight as JSON, if the level is enabled: the line
    /// the record of `fields` would give, without building the record (for a line logged on every request). When the
    /// logger has context fields or its sink needs records, `fields` is logged as `log(_:_:_:)` does instead.
    /// `encode` and `fields` must describe the same fields in the same order.
    public func log(_ level: LogLevel, _ message: String, encodingFields encode: (inout EncodedLogFields) -> Void,
                    fields: @autoclosure () -> [(String, LogValue)]) {
        guard isEnabled(level) else { return }
        if context.isEmpty {
            var line = EncodedLogFields(capacity: 320)
            JSONLineEncoder.appendHead(time: Date(), level: level, label: label, message: message, to: &line.bytes)
            encode(&line)
            JSONLineEncoder.appendTail(to: &line.bytes)
            if sink.write(encodedLine: line.bytes, level: level) { return }
        }
        log(level, message, fields())
    }

    /// `base` followed by `extra`; a key of `extra` already in `base` replaces the value there instead of repeating.
    static func merge(_ base: [(String, LogValue)], _ extra: [(String, LogValue)]) -> [(String, LogValue)] {
        if base.isEmpty { return extra }
        if extra.isEmpty { return base }
        var merged = base
        for (key, value) in extra {
            if let index = merged.firstIndex(where: { $0.0 == key }) {
                merged[index].1 = value
            } else {
                merged.append((key, value))
            }
        }
        return merged
    }
}
