import Store
import Testing

@Suite struct SQLiteMemoryTests {
    @Test func isPositiveWithAnOpenConnection() throws {
        let database = try StoreTestDatabase()
        let connection = try database.connection()
        defer { connection.close() }
        try connection.execute("CREATE TABLE t(id INTEGER PRIMARY KEY)")
        // SQLite's heap is process-wide and other tests allocate from it at the same time: read the used bytes first,
        // so the high-water mark read after them is at least that value whatever happens in between.
        let used = SQLiteMemory.usedBytes
        let highwater = SQLiteMemory.highwaterBytes
        #expect(used > 0)
        #expect(highwater >= used)
    }

    /// Reading about 8 MiB of table pages through a connection whose cache may hold 32 MiB grows SQLite's heap by
    /// about that much (rows of 1,000 bytes need no overflow pages, which `length()` would skip). The margin (4 MiB) is
    /// far above what the other tests running at the same time open or close.
    @Test func growsWhenAPageCacheFills() throws {
        let database = try StoreTestDatabase()
        let writer = try database.connection()
        defer { writer.close() }
        try writer.execute("""
            CREATE TABLE blobs(id INTEGER PRIMARY KEY, data BLOB NOT NULL);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8192)
            INSERT INTO blobs(data) SELECT randomblob(1000) FROM n;
            """)
        let reader = try database.readOnlyConnection()
        defer { reader.close() }
        try reader.execute("PRAGMA cache_size = -32768")
        let before = SQLiteMemory.usedBytes
        let total = try reader.queryOne("SELECT sum(length(data)) AS n FROM blobs")?.int("n")
        let after = SQLiteMemory.usedBytes
        #expect(total == 8192 * 1000)
        #expect(after - before > 4 * 1024 * 1024)
        #expect(SQLiteMemory.highwaterBytes >= after)
    }
}
