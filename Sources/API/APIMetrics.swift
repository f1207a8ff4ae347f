import Telemetry

/// The API's own metrics, created once at start-up: authentication outcomes and the password-hashing pool.
///
/// Label values come from fixed sets (operation: register|login|password_change|sessions_revoke; result: ok|rejected|limited|busy|error).
public struct APIMetrics: Sendable {
    let authAttempts: CounterFamily
    let hashDuration: Histogram

    /// Registers `worldgame_auth_attempts_total{operation,result}`, `worldgame_password_hash_duration_seconds` and
    /// `worldgame_password_hash_queue_depth` in `registry`.
    public init(registry: MetricsRegistry, hashingPool: HashingPool) throws(MetricsError) {
        authAttempts = try registry.makeCounterFamily(
            "worldgame_auth_attempts_total", help: "Register, login, password change and sign-out attempts by outcome.",
            labelNames: ["operation", "result"])
        hashDuration = try registry.makeHistogram(
            "worldgame_password_hash_duration_seconds", help: "Time to hash or verify one password.",
            buckets: [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5])
        try registry.makeCallbackGauge(
            "worldgame_password_hash_queue_depth", help: "Password hashing jobs waiting for a thread.") {
                Double(hashingPool.queuedCount)
            }
    }

    func count(_ operation: String, _ result: String) {
        authAttempts.labels(operation, result).increment()
    }
}
