import Jobs

/// The export's job kind and schedule: `atlasExport`, every `intervalSeconds` (300 by default), a job with outside
/// effects (at least once; the upserts make a repeat harmless).
public enum ExportJobs {
    public static let kind = "atlasExport"

    /// The schedule (its name is also the kind).
    public static func schedule(intervalSeconds: Int) -> Schedule {
        Schedule(name: kind, kind: kind, cadence: .every(seconds: intervalSeconds))
    }

    /// Registers the handler that runs `exporter` once per job.
    public static func register(in handlers: inout JobHandlers, exporter: AtlasExporter) {
        handlers.register(kind, .external { context in
            if try exporter.runOnce() == nil {
                context.logger.info("atlas export skipped: the previous run is still going")
            }
        })
    }
}
