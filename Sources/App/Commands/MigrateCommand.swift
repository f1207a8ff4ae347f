import Store

/// `worldgame migrate`: applies the pending embedded migrations to a data dir's database, then exits.
enum MigrateCommand: Subcommand {
    static let name = "migrate"
    static let summary = "Apply pending database migrations and exit"
    static let discussion = """
        Applies migrations/*.sql (embedded in this binary) in order, each in its own transaction, and records their
        SHA-256 checksums. A migration that was applied and has changed since stops with an error naming the file.
        """
    static let options: [CommandOption] = [
        .dataDirectory(),
    ]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        if let extra = arguments.positionals.first { throw CommandLineError.unexpectedArgument(command: name, argument: extra) }
        let dataDirectory = arguments.dataDirectory
        let lock = try arguments.lockDataDirectory(command: name)
        defer { lock.release() }
        let configuration = StoreConfiguration(path: DataDirectory.databasePath(in: dataDirectory))
        let applied = try DatabaseSetup.migrate(configuration)
        if applied.isEmpty {
            print("database \(configuration.path) is up to date")
        } else {
            for migration in applied { print("applied \(migration.fileName)") }
        }
        return 0
    }
}
