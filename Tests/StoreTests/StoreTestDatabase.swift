import Store
import TestSupport

/// A database file in a fresh temporary directory, for tests that need a real WAL file.
final class StoreTestDatabase: Sendable {
    let directory: TemporaryDirectory
    let configuration: StoreConfiguration

    init(_ configure: (inout StoreConfiguration) -> Void = { _ in }) throws {
        directory = try TemporaryDirectory(prefix: "store-test")
        var configuration = StoreConfiguration(path: directory.file("test.db"))
        configure(&configuration)
        self.configuration = configuration
    }

    /// A new read-write connection.
    func connection() throws -> Connection {
        try Connection(configuration: configuration, readOnly: false)
    }

    /// A new read-only connection.
    func readOnlyConnection() throws -> Connection {
        try Connection(configuration: configuration, readOnly: true)
    }

    /// `SELECT count(*) FROM table` through a fresh read-only connection.
    func count(_ table: String) throws -> Int {
        let connection = try readOnlyConnection()
        defer { connection.close() }
        return try connection.queryOne("SELECT count(*) AS n FROM \(table)")?.int("n") ?? -1
    }
}
