import Mongo

/// The periodic Atlas export's settings (`--atlas-uri` / `WORLDGAME_ATLAS_URI` and friends); absent unless a URI is
/// given, so a node without it runs exactly as before.
struct AtlasSettings: Sendable, Encodable {
    var uri: MongoURI
    var database: String
    var intervalSeconds: Int
    var pageSize: Int
    var caFile: String?

    static let options: [CommandOption] = [
        .value("atlas-uri", "URI", "Export to this MongoDB/Atlas deployment (mongodb:// or mongodb+srv://); off when absent",
               environment: true),
        .value("atlas-database", "NAME", "Database the export writes into", default: "the URI's path, else worldgame",
               environment: true),
        .value("atlas-export-interval", "SECONDS", "Seconds between export runs", default: "300", environment: true),
        .value("atlas-export-page", "N", "Rows or changes read per page (one read transaction, then batched upserts)",
               default: "5000", environment: true),
        .value("atlas-tls-ca-file", "FILE", "CA bundle for the export's TLS (default: the system store)", environment: true),
    ]

    /// nil when no URI is configured.
    init?(_ arguments: ParsedArguments) throws(CommandLineError) {
        guard let text = arguments.string("atlas-uri"), !text.isEmpty else { return nil }
        do {
            uri = try MongoURI(text)
        } catch {
            throw .invalidValue(command: arguments.commandName, option: "--atlas-uri", value: NodeConfiguration.maskCredentials(text),
                                expected: "a mongodb:// or mongodb+srv:// connection string (\(error))")
        }
        database = arguments.string("atlas-database") ?? uri.database ?? "worldgame"
        intervalSeconds = try arguments.integer("atlas-export-interval", default: 300, range: 1...86_400)
        pageSize = try arguments.integer("atlas-export-page", default: 5_000, range: 1...100_000)
        caFile = arguments.string("atlas-tls-ca-file")
    }

    enum CodingKeys: String, CodingKey { case uri, database, intervalSeconds, pageSize, caFile }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(uri.description, forKey: .uri)
        try container.encode(database, forKey: .database)
        try container.encode(intervalSeconds, forKey: .intervalSeconds)
        try container.encode(pageSize, forKey: .pageSize)
        try container.encodeIfPresent(caFile, forKey: .caFile)
    }
}
