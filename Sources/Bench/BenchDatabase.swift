import App
import Foundation
import Store

/// A fresh database for one benchmark case: its own folder under the temporary directory, synchronous=FULL, migrated
/// to the node's schema (or left empty for the raw write cases, which create their own table).
///
/// Why it exists: every in-process benchmark measures a database that starts empty and is removed afterwards; one
/// type names, creates and removes them alike. Built and removed on the benchmark's thread.
struct BenchDatabase {
    /// The folder holding the database file.
    let directory: String
    let configuration: StoreConfiguration

    /// Creates `worldgame-bench-NAME-XXXXXXXX/bench.db`, migrated unless `migrated` is false.
    init(_ name: String, migrated: Bool = true) throws {
        directory = FileManager.default.temporaryDirectory.path + "/worldgame-bench-\(name)-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var configuration = StoreConfiguration(path: directory + "/bench.db")
        configuration.synchronous = .full
        self.configuration = configuration
        if migrated { _ = try DatabaseSetup.migrate(configuration) }
    }

    /// Deletes the folder and everything in it.
    func remove() {
        try? FileManager.default.removeItem(atPath: directory)
    }
}
