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

    /// Writes `record`'s line to `logger`.
    public static func write(_ record: HTTPRequestRecord, to logger: Logger) {
        logger.log(level(of: record), "http request", [
            ("request_id", .string(record.requestID)), ("trace_id", .string(record.traceID)),
            ("method", .string(record.method)),
            ("path", .string(record.path)), ("route", .string(record.routePattern)),
            ("status", .int(Int64(record.status))),
            ("duration_ms", .double(record.duration.milliseconds)),
        ])
    }
}
