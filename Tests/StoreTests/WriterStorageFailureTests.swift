import Store
import Testing
import TestSupport

/// A write the disk refuses is recognised as such (`StoreError.isStorageFull`, the API's 503 `storage_full`) and reported
/// to `WriterObserver.storageDidFail`; committed batches say whether they changed rows (what clears the node's full state).
@Suite struct WriterStorageFailureTests {
    /// Result codes from https://www.sqlite.org/rescode.html and whether they mean the disk refused a write.
    @Test(arguments: [
        (Int32(13), true),      // SQLITE_FULL
        (778, true),            // SQLITE_IOERR_WRITE
        (1034, true),           // SQLITE_IOERR_FSYNC
        (1290, true),           // SQLITE_IOERR_DIR_FSYNC
        (1546, true),           // SQLITE_IOERR_TRUNCATE
        (4874, true),           // SQLITE_IOERR_SHMSIZE
        (10, false),            // SQLITE_IOERR (plain)
        (266, false),           // SQLITE_IOERR_READ
        (19, false),            // SQLITE_CONSTRAINT
        (2067, false),          // SQLITE_CONSTRAINT_UNIQUE
        (5, false),             // SQLITE_BUSY
        (1, false),             // SQLITE_ERROR
    ])
    func resultCodesThatMeanTheDiskRefusedAWrite(code: Int32, isStorageFull: Bool) {
        #expect(StoreError.sqlite(code: code, message: "m", sql: nil).isStorageFull == isStorageFull)
    }

    @Test func otherErrorsAreNotStorageFailures() {
        #expect(!StoreError.writerStale(reason: "r").isStorageFull)
        #expect(!StoreError.writerOverloaded(queuedCommands: 1, limit: 1).isStorageFull)
        #expect(StoreError.openFailed(path: "p", code: 13, message: "database or disk is full").isStorageFull)
    }

    /// A real SQLITE_FULL: the writer connection's `max_page_count` caps the file, then a large row cannot fit.
    @Test func aFullDatabaseFailsTheCommandAndReportsItToTheHook() throws {
        let database = try StoreTestDatabase()
        let failures = Collected<StoreError>()
        let commits = Collected<Bool>()
        var observer = WriterObserverSpy()
        observer.onStorageDidFail = { failures.append($0) }
        observer.onDidCommit = { commits.append($0.hasChanges) }
        let writer = try WriterTests.makeWriter(database, observer: observer)
        defer { writer.shutdown() }
        try writer.performAndWait { transaction in
            let pages = try transaction.queryOne("PRAGMA page_count")?.int64("page_count") ?? 0
            _ = try transaction.queryOne("PRAGMA max_page_count = \(pages + 4)")
        }
        let error = #expect(throws: StoreError.self) {
            try writer.performAndWait { transaction in
                try transaction.run("INSERT INTO items(label) VALUES (?)", [String(repeating: "x", count: 200_000)])
            }
        }
        #expect(error?.isStorageFull == true, "\(String(describing: error))")
        #expect(failures.all.first?.isStorageFull == true)
        #expect(try database.count("items") == 0)

        _ = try writer.performAndWait(WriterTests.insert("small"))
        #expect(try database.count("items") == 1)
        #expect(commits.all.last == true, "a batch that inserted a row has changes")
        try writer.performAndWait { _ in }
        #expect(commits.all.last == false, "a batch that changed nothing has none")
    }
}
