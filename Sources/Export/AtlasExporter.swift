import Clocks
import Foundation
import Mongo
import Store
import Synchronization
import Telemetry

/// The periodic export: reads new squares and trades by id after their cursors, then the logged changes after the
/// watermark, page by page (each page one read transaction), upserts them as documents keyed by `_id`, and advances
/// the watermark only after the server acknowledged the page.
///
/// A crash or an error between the acknowledgement and the watermark write sends that page again next time, which is
/// harmless (idempotent upserts); a page is never skipped. One run at a time per exporter (a run still going when the
/// next schedule fires makes that one a no-op). Runs on a job worker thread; it opens its own read-only connection.
public final class AtlasExporter: Sendable {
    /// Where the database and the watermark are, and how big a page is.
    public struct Configuration: Sendable {
        public var store: StoreConfiguration
        public var watermarkPath: String
        /// Changes per page (one read transaction, then one or more write commands).
        public var pageSize: Int

        public init(store: StoreConfiguration, watermarkPath: String, pageSize: Int = 5_000) {
            self.store = store
            self.watermarkPath = watermarkPath
            self.pageSize = pageSize
        }
    }

    public let configuration: Configuration
    private let makeSink: @Sendable () throws -> any ExportSink
    private let metrics: ExportMetrics?
    private let logger: Logger
    private let clock: any WallClock
    private let isRunning = Atomic<Bool>(false)

    /// - Parameters:
    ///   - makeSink: opens the destination for one run (a `MongoExportSink` in production).
    ///   - clock: stamps the start of each run and its success in the watermark.
    public init(configuration: Configuration, makeSink: @escaping @Sendable () throws -> any ExportSink,
                metrics: ExportMetrics?, logger: Logger, clock: any WallClock) {
        self.configuration = configuration
        self.makeSink = makeSink
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
    }

    /// Exports everything after the watermark.
    /// - Returns: what was exported, or nil when another run was still going.
    /// - Throws: `StoreError`, `ExportError`, or the sink's errors (`MongoError`); the watermark then stays at the
    ///   last acknowledged page.
    @discardableResult
    public func runOnce() throws -> ExportReport? {
        guard !isRunning.exchange(true, ordering: .acquiringAndReleasing) else { return nil }
        defer { isRunning.store(false, ordering: .releasing) }
        let startedAt = clock.now.rawValue
        let clockStart = ContinuousClock.now
        var watermark = try ExportWatermark.load(from: configuration.watermarkPath)
        var report = ExportReport(startSequence: watermark.sequence)
        do {
            let connection = try Connection(configuration: configuration.store, readOnly: true)
            defer { connection.close() }
            let sink = try makeSink()
            defer { sink.close() }
            metrics?.pending.set(Double(try pendingCount(watermark, in: connection)))
            for collection in ExportCollection.all where collection.isFoundByIDCursor {
                while true {
                    let cursor = watermark.cursors[collection.changeName] ?? 0
                    let documents = try collection.newDocuments(after: cursor, limit: configuration.pageSize, in: connection)
                    guard let last = documents.last?["_id"]?.integerValue else { break }
                    try write(documents, to: collection, sink: sink, report: &report)
                    watermark.cursors[collection.changeName] = last
                    try acknowledge(watermark, report: &report, connection: connection)
                }
            }
            while let page = try readPage(after: watermark.sequence, in: connection) {
                for (collection, documents) in page.documents {
                    try write(documents, to: collection, sink: sink, report: &report)
                }
                watermark.sequence = page.through
                try acknowledge(watermark, report: &report, connection: connection)
            }
        } catch {
            metrics?.failures.increment()
            let cursors = watermark.cursors.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            logger.warning("atlas export failed", [("error", .string(String(describing: error))),
                                                   ("watermark", .int(watermark.sequence)),
                                                   ("cursors", .string(cursors.joined(separator: ",")))])
            throw error
        }
        watermark.lastSuccessAt = clock.now.rawValue
        try watermark.save(to: configuration.watermarkPath)
        metrics?.recordSuccess(startedAt: startedAt)
        report.endSequence = watermark.sequence
        let elapsed = (ContinuousClock.now - clockStart).components
        let milliseconds = elapsed.seconds * 1000 + elapsed.attoseconds / 1_000_000_000_000_000
        logger.info("atlas export finished", [("documents", .int(Int64(report.totalDocuments))),
                                              ("pages", .int(Int64(report.pages))),
                                              ("watermark", .int(watermark.sequence)),
                                              ("duration_ms", .int(milliseconds))])
        return report
    }

    /// Upserts one page of `collection` and checks the server acknowledged every document.
    private func write(_ documents: [BSONDocument], to collection: ExportCollection, sink: any ExportSink,
                       report: inout ExportReport) throws {
        guard !documents.isEmpty else { return }
        let acknowledged = try sink.upsert(collection: collection.mongoName, documents: documents)
        guard acknowledged == documents.count else {
            throw ExportError.notAcknowledged(collection: collection.mongoName, sent: documents.count, acknowledged: acknowledged)
        }
        metrics?.documents.labels(collection.mongoName).increment(by: Int64(documents.count))
        report.documents[collection.mongoName, default: 0] += documents.count
    }

    /// Persists the watermark after an acknowledged page.
    private func acknowledge(_ watermark: ExportWatermark, report: inout ExportReport, connection: Connection) throws {
        try watermark.save(to: configuration.watermarkPath)
        report.pages += 1
        metrics?.pending.set(Double(try pendingCount(watermark, in: connection)))
    }

    /// One page: the changes after `sequence` up to `pageSize` of them, read in one transaction.
    private func readPage(after sequence: Int64,
                          in connection: Connection) throws -> (through: Int64, documents: [(ExportCollection, [BSONDocument])])? {
        try connection.execute("BEGIN")
        do {
            let bound = try connection.queryOne(
                "SELECT max(seq) AS through FROM (SELECT seq FROM export_changes WHERE seq > ? ORDER BY seq LIMIT ?)",
                [sequence, Int64(configuration.pageSize)])
            guard let through = try bound?.optionalInt64("through") else {
                try connection.execute("COMMIT")
                return nil
            }
            var documents: [(ExportCollection, [BSONDocument])] = []
            for collection in ExportCollection.all {
                documents.append((collection, try collection.changedDocuments(after: sequence, through: through, in: connection)))
            }
            try connection.execute("COMMIT")
            return (through, documents)
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// Logged changes after the watermark plus rows after each id cursor.
    private func pendingCount(_ watermark: ExportWatermark, in connection: Connection) throws -> Int64 {
        var count = try connection.queryOne("SELECT count(*) AS n FROM export_changes WHERE seq > ?",
                                            [watermark.sequence])?.int64("n") ?? 0
        for collection in ExportCollection.all where collection.isFoundByIDCursor {
            count += try connection.queryOne("SELECT count(*) AS n FROM \(collection.table) WHERE id > ?",
                                             [watermark.cursors[collection.changeName] ?? 0])?.int64("n") ?? 0
        }
        return count
    }
}

/// What one export run did.
public struct ExportReport: Sendable, Equatable {
    public var startSequence: Int64
    public var endSequence: Int64
    public var pages = 0
    /// Acknowledged documents by MongoDB collection.
    public var documents: [String: Int] = [:]

    init(startSequence: Int64) {
        self.startSequence = startSequence
        endSequence = startSequence
    }

    public var totalDocuments: Int { documents.values.reduce(0, +) }
}
