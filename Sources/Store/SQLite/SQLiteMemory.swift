import CSQLite

/// SQLite's own heap, process-wide: every connection's page cache, schema and prepared statements
/// (https://www.sqlite.org/c3ref/memory_highwater.html).
///
/// Exists so the node can export how much of its RSS is SQLite's, and so a memory soak can tell a bounded page cache
/// from a leak elsewhere. Stateless and thread-safe: SQLite keeps the counters under its own memory mutex.
public enum SQLiteMemory {
    /// Bytes SQLite has allocated and not yet freed (`sqlite3_memory_used`).
    public static var usedBytes: Int64 { sqlite3_memory_used() }

    /// The most `usedBytes` has been since the process started (`sqlite3_memory_highwater(0)`, never reset).
    public static var highwaterBytes: Int64 { sqlite3_memory_highwater(0) }
}
