import Store
import Testing
import TestSupport

/// The writer's ordered observer list: each callback reaches the observers in the order they were given, the
/// observers' `afterCommit` actions run before the commands' completions, and change capture leaves out the tables
/// any observer excluded.
@Suite struct WriterObserverTests {
    /// An observer that writes its name and each callback it gets into `calls`.
    static func observer(_ name: String, calls: Collected<String>, excluding: Set<String>? = nil) -> WriterObserverSpy {
        var observer = WriterObserverSpy()
        observer.changeCapture = excluding.map { WriterChangeCapture(excludedTables: $0) }
        observer.onWillCommit = { _, transaction in
            calls.append("\(name) willCommit")
            transaction.afterCommit { calls.append("\(name) afterCommit") }
        }
        observer.onDidCommit = { _ in calls.append("\(name) didCommit") }
        observer.onDidFail = { _ in calls.append("\(name) didFail") }
        return observer
    }

    @Test func callbacksReachTheObserversInListOrderAroundTheCommit() throws {
        let database = try StoreTestDatabase()
        let calls = Collected<String>()
        let writer = try Writer(configuration: database.configuration,
                                observers: [Self.observer("first", calls: calls), Self.observer("second", calls: calls)])
        defer { writer.shutdown() }
        try writer.performAndWait { transaction in
            try transaction.execute(WriterTests.createItems)
            transaction.afterCommit { calls.append("command afterCommit") }
        }
        #expect(calls.all == [
            "first willCommit", "second willCommit", "first didCommit", "second didCommit",
            "first afterCommit", "second afterCommit", "command afterCommit",
        ])
    }

    @Test func aThrowingObserverStopsTheListAndEveryObserverHearsTheFailure() throws {
        let database = try StoreTestDatabase()
        let calls = Collected<String>()
        var refusing = Self.observer("refusing", calls: calls)
        refusing.onWillCommit = { _, _ in
            calls.append("refusing willCommit")
            throw CommandFailure(tag: "observer")
        }
        let writer = try Writer(configuration: database.configuration,
                                observers: [refusing, Self.observer("later", calls: calls)])
        defer { writer.shutdown() }
        #expect(throws: CommandFailure(tag: "observer")) {
            try writer.performAndWait { try $0.execute(WriterTests.createItems) }
        }
        #expect(calls.all == ["refusing willCommit", "refusing didFail", "later didFail"])
    }

    @Test func changeCaptureLeavesOutEveryObserversExcludedTables() throws {
        let database = try StoreTestDatabase()
        let calls = Collected<String>()
        let batches = Collected<WriterBatch>()
        var capturing = Self.observer("a", calls: calls, excluding: ["skipped_a"])
        capturing.onWillCommit = { batch, _ in batches.append(batch) }
        let writer = try Writer(configuration: database.configuration, observers: [
            capturing, Self.observer("b", calls: calls, excluding: ["skipped_b"]), Self.observer("c", calls: calls),
        ])
        defer { writer.shutdown() }
        try writer.performAndWait { transaction in
            for table in ["skipped_a", "skipped_b", "kept"] {
                try transaction.execute("CREATE TABLE \(table)(id INTEGER PRIMARY KEY) STRICT")
            }
        }
        try writer.performAndWait { transaction in
            for table in ["skipped_a", "skipped_b"] { try transaction.run("INSERT INTO \(table)(id) VALUES (1)") }
        }
        #expect(batches.all.last?.changeset.isEmpty == true)
        try writer.performAndWait { try $0.run("INSERT INTO kept(id) VALUES (1)") }
        let changeset = try #require(batches.all.last?.changeset)
        #expect(try SQLiteChangeset.operations(in: changeset).map(\.table) == ["kept"])
    }
}
