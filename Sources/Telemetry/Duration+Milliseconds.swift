/// Log-field conversions of `Duration`, shared by the modules that log durations (`duration_ms`, `retry_in_ms`).
extension Duration {
    /// The duration in (fractional) milliseconds, for log fields such as `duration_ms`.
    package var milliseconds: Double {
        let components = self.components
        return Double(components.seconds) * 1_000 + Double(components.attoseconds) / 1e15
    }

    /// The duration in (fractional) seconds.
    package var seconds: Double { milliseconds / 1_000 }
}
