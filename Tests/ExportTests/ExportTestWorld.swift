import ClockTesting
import Export
import Foundation
import Game
import Locking
import Mongo
import Store
import Telemetry
import TestSupport

/// A migrated demo world in a temp dir, an exporter over it, and a recording sink that can be told to fail.
final class ExportTestWorld {
    let directory: TemporaryDirectory
    let configuration: StoreConfiguration
    let writer: Writer
    let destination = RecordingDestination()
    let registry = MetricsRegistry()
    let exporter: AtlasExporter
    static let epoch: Int64 = 1_717_200_000_000

    init(pageSize: Int = 100) throws {
        directory = try TemporaryDirectory(prefix: "worldgame-export")
        configuration = StoreConfiguration(path: directory.file("worldgame.db"))
        try TestMigrations.apply(to: configuration)
        writer = try Writer(configuration: configuration)
        _ = try writer.performAndWait { transaction in
            try GameSetup.prepare(options: GameSetupOptions(seed: 1, isDemo: true), now: Self.epoch, in: transaction)
        }
        let destination = destination
        let metrics = try ExportMetrics(registry: registry, clock: ManualClock(milliseconds: Self.epoch))
        exporter = AtlasExporter(
            configuration: .init(store: configuration, watermarkPath: directory.file("atlas-export.json"), pageSize: pageSize),
            makeSink: { RecordingSink(destination: destination) }, metrics: metrics,
            logger: Logger(label: "export-test", level: .error, sink: InMemoryLogSink()), clock: ManualClock(milliseconds: Self.epoch))
    }

    deinit { writer.shutdown() }


    func count(_ sql: String) throws -> Int {
        let connection = try Connection(configuration: configuration, readOnly: true)
        defer { connection.close() }
        return try connection.queryOne(sql, [])?.int("n") ?? -1
    }

    func register(_ name: String) throws -> Player {
        try writer.performAndWait { transaction in
            try Players.register(username: name, passwordHash: "pbkdf2-sha256$1$secret-salt$secret-hash", role: .player,
                                 startingGold: 1_000, now: Self.epoch, in: transaction)
        }
    }

    var watermark: ExportWatermark {
        get throws { try ExportWatermark.load(from: directory.file("atlas-export.json")) }
    }
}

/// What the recording sinks received, shared across runs: documents by collection and `_id`, every write, and a
/// countdown of upserts after which the next one throws (a dropped server).
final class RecordingDestination: Sendable {
    /// The recorded documents and counters; guarded by `state`.
    struct State {
        var collections: [String: [String: BSONDocument]] = [:]
        var writes = 0
        var documentsSent = 0
        var failAfterWrites: Int?
    }

    /// The injected failure (the server went away).
    struct Dropped: Error {}

    let state = Locked(State())

    func upsert(collection: String, documents: [BSONDocument]) throws -> Int {
        try state.withLock { state in
            if let remaining = state.failAfterWrites {
                guard remaining > 0 else {
                    state.failAfterWrites = nil
                    throw Dropped()
                }
                state.failAfterWrites = remaining - 1
            }
            state.writes += 1
            state.documentsSent += documents.count
            for document in documents { state.collections[collection, default: [:]][String(describing: document["_id"])] = document }
            return documents.count
        }
    }

    func documents(_ collection: String) -> [BSONDocument] {
        state.withLock { Array(($0.collections[collection] ?? [:]).values) }
    }
}

/// A sink that writes into a `RecordingDestination`.
final class RecordingSink: ExportSink {
    let destination: RecordingDestination
    init(destination: RecordingDestination) { self.destination = destination }
    func upsert(collection: String, documents: [BSONDocument]) throws -> Int {
        try destination.upsert(collection: collection, documents: documents)
    }
    func close() {}
}
