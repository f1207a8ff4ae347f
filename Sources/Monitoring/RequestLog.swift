import HTTP
import Telemetry

/// The access log of the public API listener: one `http request` line per answered request, at info level (so the default `--log-level
/// info` shows it and `--log-level warning` turns it off), except health checks and scrapes (`/health`, `/ready`,
/// `/metrics`), which log at debug so a load balancer's probes and Prometheus do not flood the journal.
///
/// Called on the connection's event loop from the API server's `onRequestCompleted`; it only formats and writes a line.
/// The internal listener (replication polls, scrapes) logs no request lines.
public enum RequestLog {
    /// Routes whose requests log at debug: probes and scrapes that arrive every few seconds.
    /// An array: comparing a route with three strings is cheaper than hashing it into a `Set` on every request.
    public static let probeRoutes = ["/health", "/ready", "/metrics"]

    /// The level of `record`'s line.
    public static func level(of record: HTTPRequestRecord) -> LogLevel {
        probeRoutes.contains(record.routePattern) ? .debug : .info
    }

    /// Writes `record`'s line to `logger`: its fields straight as JSON bytes when the logger's sink takes lines (the
    /// node's does), else as the record of `fields(of:)`. Both give the same line.
    public static func write(_ record: HTTPRequestRecord, to logger: Logger) {
        logger.log(level(of: record), message, encodingFields: { line in
            line.append(Keys.requestID, record.requestID)
            line.append(Keys.traceID, record.traceID)
            line.append(Keys.method, record.method)
            line.append(Keys.path, record.path)
            line.append(Keys.route, record.routePattern)
            line.append(Keys.status, Int64(record.status))
            line.append(Keys.durationMilliseconds, record.duration.milliseconds)
        }, fields: fields(of: record))
    }

    /// The line's message.
    static let message = "http request"

    /// The line's fields, in the order they are written.
    static func fields(of record: HTTPRequestRecord) -> [(String, LogValue)] {
        [
            ("request_id", .string(record.requestID)), ("trace_id", .string(record.traceID)),
            ("method", .string(record.method)),
            ("path", .string(record.path)), ("route", .string(record.routePattern)),
            ("status", .int(Int64(record.status))),
            ("duration_ms", .double(record.duration.milliseconds)),
        ]
    }

    /// The keys of `fields(of:)`, encoded once.
    enum Keys {
        static let requestID = EncodedLogKey("request_id")
        static let traceID = EncodedLogKey("trace_id")
        static let method = EncodedLogKey("method")
        static let path = EncodedLogKey("path")
        static let route = EncodedLogKey("route")
        static let status = EncodedLogKey("status")
        static let durationMilliseconds = EncodedLogKey("duration_ms")
    }
}
