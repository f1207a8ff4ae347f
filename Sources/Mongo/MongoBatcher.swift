/// Splits write statements into batches within a server's `maxWriteBatchSize` and `maxMessageSizeBytes`.
///
/// Pure and stateless; the 16 KiB reserve covers the header, the command body and the section framing.
public enum MongoBatcher {
    /// Room kept in every message for everything that is not a statement.
    public static let reserveBytes = 16 * 1024

    /// `statements` (each with its encoded size) in order, cut into batches.
    public static func split(_ statements: [(BSONDocument, Int)], limits: MongoServerLimits) -> [[BSONDocument]] {
        let budget = max(1, limits.maxMessageBytes - reserveBytes)
        var batches: [[BSONDocument]] = []
        var current: [BSONDocument] = []
        var currentBytes = 0
        for (statement, size) in statements {
            if !current.isEmpty && (current.count >= limits.maxWriteBatchSize || currentBytes + size > budget) {
                batches.append(current)
                current = []
                currentBytes = 0
            }
            current.append(statement)
            currentBytes += size
        }
        if !current.isEmpty { batches.append(current) }
        return batches
    }
}
