/// `worldgame debug TOOL`: diagnostics for tests and soak runs, not for production use.
enum DebugCommand: Subcommand {
    static let name = "debug"
    static let summary = "Diagnostic tools used by the crash tests (write-stream)"
    static let positionalUsage = "write-stream|job-stream"
    static let discussion = """
        write-stream: opens a Writer on --db and inserts rows from --submitters threads, printing "ack ID" for each
        durably committed row, until --count rows or until killed. The crash tests SIGKILL it and check every acked row.
        job-stream: enqueues --jobs database-only jobs on --db once, drains them with --workers threads, each job inserting
        one row in job_stream_effects; the crash test SIGKILLs and restarts it and checks one effect per job.
        """
    static let options: [CommandOption] = [
        .value("db", "PATH", "Database file"),
        .value("submitters", "N", "Concurrent submitting threads", default: "8"),
        .value("count", "N", "Rows to write before exiting", default: "unbounded"),
        .value("jobs", "N", "job-stream: jobs to enqueue on the first run", default: "10000"),
        .value("workers", "N", "job-stream: worker threads", default: "4"),
    ]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let tool = arguments.positionals.first else {
            throw CommandLineError.missingArgument(command: name, what: "a tool name (write-stream)")
        }
        let toolOptions: [String]
        switch tool {
        case "write-stream": toolOptions = ["db", "submitters", "count"]
        case "job-stream": toolOptions = ["db", "jobs", "workers"]
        default: throw CommandLineError.unexpectedArgument(command: name, argument: tool)
        }
        var forwarded: [String] = []
        for option in toolOptions {
            if let value = arguments.string(option) { forwarded += ["--\(option)", value] }
        }
        return tool == "job-stream" ? DebugJobStream.run(arguments: forwarded) : DebugWriteStream.run(arguments: forwarded)
    }
}
