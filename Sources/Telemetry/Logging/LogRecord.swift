import Foundation

/// One log event as handed to a `LogSink`: when, how severe, from which component, what happened, and its fields.
///
/// Built by `Logger` on the logging thread and passed by value to the sink, so it crosses threads freely.
public struct LogRecord: Sendable {
    /// When the event happened (wall clock).
    public var time: Date
    public var level: LogLevel
    /// The component that logged (`"writer"`, `"http"`).
    public var label: String
    /// A constant, lower-case event phrase (`"writer batch committed"`).
    public var message: String
    /// snake_case keys with their values, in the order they are written; context fields first.
    public var fields: [(String, LogValue)]

    public init(time: Date, level: LogLevel, label: String, message: String, fields: [(String, LogValue)]) {
        self.time = time
        self.level = level
        self.label = label
        self.message = message
        self.fields = fields
    }
}
