/// The severity of a log line, lowest first.
///
/// House meaning (STYLE.md, "Logs"): `error` a person must act, `warning` degraded but serving, `info` lifecycle and role
/// changes, `debug` per request. A plain value; any thread may use it.
public enum LogLevel: String, Sendable, Comparable, CaseIterable {
    case debug
    case info
    case warning
    case error

    /// Position in severity order, used for comparison.
    private var severity: Int {
        switch self {
        case .debug: 0
        case .info: 1
        case .warning: 2
        case .error: 3
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        lhs.severity < rhs.severity
    }
}
