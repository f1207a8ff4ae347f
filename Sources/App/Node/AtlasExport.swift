import Clocks
import Export
import Foundation
import Jobs
import Mongo
import Store
import Telemetry
import TLS

/// Wires the Atlas export into a node: the exporter over the node's database with its watermark file in the data
/// directory, its metrics, the job handler and the schedule. Called once at start-up on the main thread.
enum AtlasExport {
    /// Registers the `atlasExport` handler and returns its schedule.
    static func install(_ settings: AtlasSettings, configuration: NodeConfiguration, handlers: inout JobHandlers,
                        registry: MetricsRegistry, clock: any WallClock, logger: Logger) throws -> Schedule {
        let metrics = try ExportMetrics(registry: registry, clock: clock)
        let resolver: (any SRVResolving)? = settings.uri.isSRV ? try DNSClient.system() : nil
        let uri = settings.uri
        let database = settings.database
        let streams = TLSMongoStream.factory(context: try TLSClientContext(configuration: TLSClientConfiguration(
            caFile: settings.caFile, minimumVersion: .tls12, timeout: uri.connectTimeout)))
        let exporter = AtlasExporter(
            configuration: .init(store: configuration.storeConfiguration,
                                 watermarkPath: configuration.dataDirectory + "/atlas-export.json", pageSize: settings.pageSize),
            makeSink: {
                MongoExportSink(client: MongoClient(uri: uri, streamFactory: streams, resolver: resolver),
                                database: database)
            },
            metrics: metrics, logger: logger.with([("component", "atlas_export")]), clock: clock)
        ExportJobs.register(in: &handlers, exporter: exporter)
        logger.info("atlas export configured", [("uri", .string(uri.description)), ("database", .string(database)),
                                                ("interval_seconds", .int(Int64(settings.intervalSeconds)))])
        return ExportJobs.schedule(intervalSeconds: settings.intervalSeconds)
    }
}
