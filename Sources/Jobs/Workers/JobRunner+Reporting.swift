import Telemetry

extension JobRunner {
    /// Logs one attempt's outcome (JSON fields job_id, kind, attempt) and hands it to the observer.
    func report(_ report: JobReport) {
        let fields = Self.fields(of: report.job)
        let durationMilliseconds = Double(report.duration.components.attoseconds) / 1e15
            + Double(report.duration.components.seconds) * 1000
        switch report.outcome {
        case .done:
            logger.debug("job done", fields + [("duration_ms", .double(durationMilliseconds))])
        case .failed(let error, let retryAt):
            logger.warning("job attempt failed", fields + [
                ("max_attempts", .int(Int64(report.job.maxAttempts))), ("error", .string(error)),
                ("retry_at_ms", .int(retryAt)),
            ])
        case .dead(let error):
            logger.error("job dead", fields + [("max_attempts", .int(Int64(report.job.maxAttempts))), ("error", .string(error))])
        case .leaseLost:
            logger.warning("job lease lost", fields + [("owner", .string(owner))])
        case .released:
            logger.info("job released unstarted", fields)
        case .abandoned(let error):
            logger.error("job outcome not recorded; lease left to expire", fields + [("error", .string(error))])
        }
        observer?(report)
    }
}
