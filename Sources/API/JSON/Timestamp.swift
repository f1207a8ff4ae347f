import Telemetry

/// RFC 3339 UTC timestamps (`2024-06-01T12:00:00.000Z`) for Unix-millisecond times in JSON responses.
///
/// The arithmetic is Telemetry's `RFC3339Timestamp` (the same format as the log lines); any thread may call it.
public enum Timestamp {
    public static func rfc3339(milliseconds: Int64) -> String {
        RFC3339Timestamp.format(unixMilliseconds: milliseconds)
    }

    /// `value` as a JSON string, or `null`.
    static func json(_ milliseconds: Int64?) -> JSONValue {
        milliseconds.map { .string(rfc3339(milliseconds: $0)) } ?? .null
    }
}
