import Mongo

/// Where an export run writes its documents: MongoDB through `MongoExportSink`, or a test double.
///
/// Created per run and used only by the run's thread.
public protocol ExportSink: AnyObject {
    /// Upserts `documents` (each with `_id`) into `collection`; returns how many the server acknowledged.
    func upsert(collection: String, documents: [BSONDocument]) throws -> Int
    /// Releases the connection.
    func close()
}

/// The production sink: one `MongoClient` for one run, writing into `database` with write concern majority.
///
/// Owned by the export run's thread; closed at the end of the run.
public final class MongoExportSink: ExportSink {
    private let client: MongoClient
    private let database: String

    public init(client: MongoClient, database: String) {
        self.client = client
        self.database = database
    }

    public func upsert(collection: String, documents: [BSONDocument]) throws -> Int {
        try client.upsert(database: database, collection: collection, documents: documents).acknowledged
    }

    public func close() { client.close() }
}
