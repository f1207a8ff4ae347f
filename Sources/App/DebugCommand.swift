/// `worldgame debug TOOL`: diagnostics for tests and soak runs, not for production use.
enum DebugCommand: Subcommand {
    static let name = "debug"
    static let summary = "Diagnostic tools used by the crash tests (write-stream)"
    static let positionalUsage = "write-stream"
    static let discussion = """
        write-stream: opens a Writer on --db and inserts rows from --submitters threads, printing "ack ID" for each
        durably committed row, until --count rows or until killed. The crash tests SIGKILL it and check every acked row.
        """
    static let options: [CommandOption] = [
        .value("db", "PATH", "Database file"),
        .value("submitters", "N", "Concurrent submitting threads", default: "8"),
        .value("count", "N", "Rows to write before exiting", default: "unbounded"),
    ]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let tool = arguments.positionals.first else {
            throw CommandLineError.missingArgument(command: name, what: "a tool name (write-stream)")
        }
        guard tool == "write-stream" else { throw CommandLineError.unexpectedArgument(command: name, argument: tool) }
        var forwarded: [String] = []
        for option in options {
            if let value = arguments.string(option.name) { forwarded += ["--\(option.name)", value] }
        }
        return DebugWriteStream.run(arguments: forwarded)
    }
}
