import Foundation

/// How far the export got: the last `export_changes.seq` the server acknowledged, the last acknowledged id of each
/// collection found by id cursor (squares, trades), and when the last successful run finished.
///
/// Kept in a node-local file (`<data-dir>/atlas-export.json`), not in the replicated game database: the watermark
/// belongs to the node that runs the export, and a standby that takes over starts from its own (possibly empty)
/// file — which only re-sends documents, harmless because every write is an idempotent upsert by `_id`. Read and
/// written only by the export run (one at a time, guarded by `AtlasExporter`).
public struct ExportWatermark: Sendable, Equatable, Codable {
    /// The last acknowledged change; 0 before the first export.
    public var sequence: Int64
    /// The last acknowledged id by `ExportCollection.changeName`, for collections found by id cursor.
    public var cursors: [String: Int64]
    /// Unix milliseconds of the last run that finished without error (nil before the first).
    public var lastSuccessAt: Int64?

    public init(sequence: Int64 = 0, cursors: [String: Int64] = [:], lastSuccessAt: Int64? = nil) {
        self.sequence = sequence
        self.cursors = cursors
        self.lastSuccessAt = lastSuccessAt
    }

    /// The watermark in `path`, or the initial one when the file does not exist.
    /// - Throws: `ExportError.watermarkUnreadable` for a file that exists but cannot be read or parsed.
    public static func load(from path: String) throws(ExportError) -> ExportWatermark {
        guard FileManager.default.fileExists(atPath: path) else { return ExportWatermark() }
        do {
            return try JSONDecoder().decode(ExportWatermark.self, from: try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            throw .watermarkUnreadable(path: path, reason: String(describing: error))
        }
    }

    /// Writes the watermark to a temporary file, flushes it to disk, then renames it over `path` (atomic: a crash
    /// leaves the old or the new watermark, never a torn one).
    /// - Throws: `ExportError.watermarkUnwritable`.
    public func save(to path: String) throws(ExportError) {
        let temporary = path + ".tmp"
        do {
            let data = try JSONEncoder().encode(self)
            guard FileManager.default.createFile(atPath: temporary, contents: data) else {
                throw ExportError.watermarkUnwritable(path: temporary, reason: "cannot create")
            }
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
            try handle.synchronize()
            try handle.close()
            let code = SystemFileRename.rename(temporary, over: path)
            guard code == 0 else { throw ExportError.watermarkUnwritable(path: path, reason: "rename failed, errno \(code)") }
        } catch let error as ExportError {
            throw error
        } catch {
            throw .watermarkUnwritable(path: path, reason: String(describing: error))
        }
    }
}
