@testable import App
import Store
import Testing
import TestSupport

@Suite struct DatabaseSetupTests {
    @Test func embeddedMigrationsAreOrderedAndApplyOnce() throws {
        let migrations = try DatabaseSetup.embeddedMigrations()
        #expect(!migrations.isEmpty)
        #expect(migrations.map(\.version) == migrations.map(\.version).sorted())
        #expect(migrations.first?.fileName == "0001_node_settings.sql")

        let directory = try TemporaryDirectory()
        let configuration = StoreConfiguration(path: directory.file("worldgame.db"))
        #expect(try DatabaseSetup.migrate(configuration).count == migrations.count)
        #expect(try DatabaseSetup.migrate(configuration).isEmpty)
    }
}
