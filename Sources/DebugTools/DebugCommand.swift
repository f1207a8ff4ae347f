import App
/// `worldgame debug TOOL`: diagnostics for tests and soak runs, not for production use.
package enum DebugCommand: Subcommand {
    package static let name = "debug"
    package static let summary = "Diagnostic tools for crash tests and conformance runs (write-stream, job-stream, websocket-echo)"
    package static let positionalUsage = "write-stream|job-stream|websocket-echo"
    package static let discussion = """
        write-stream: opens a Writer on --db and inserts rows from --submitters threads, printing "ack ID" for each
        durably committed row, until --count rows or until killed. The crash tests SIGKILL it and check every acked row.
        job-stream: enqueues --jobs database-only jobs on --db once, drains them with --workers threads, each job inserting
        one row in job_stream_effects; the crash test SIGKILLs and restarts it and checks one effect per job.
        websocket-echo: a WebSocket echo endpoint on --port (path /ws) for Autobahn|Testsuite; serves until SIGTERM.
        """
    package static let options: [CommandOption] = [
        .value("db", "PATH", "Database file"),
        .value("submitters", "N", "Concurrent submitting threads", default: "8"),
        .value("count", "N", "Rows to write before exiting", default: "unbounded"),
        .value("jobs", "N", "job-stream: jobs to enqueue on the first run", default: "10000"),
        .value("workers", "N", "job-stream: worker threads", default: "4"),
        .value("port", "N", "websocket-echo: port to listen on", default: "4001"),
    ]

    package static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let tool = arguments.positionals.first else {
            throw CommandLineError.missingArgument(command: name, what: "a tool name (\(positionalUsage))")
        }
        let toolOptions: [String]
        switch tool {
        case "write-stream": toolOptions = ["db", "submitters", "count"]
        case "job-stream": toolOptions = ["db", "jobs", "workers"]
        case "websocket-echo": toolOptions = ["port"]
        default: throw CommandLineError.unexpectedArgument(command: name, argument: tool)
        }
        var forwarded: [String] = []
        for option in toolOptions {
            if let value = arguments.string(option) { forwarded += ["--\(option)", value] }
        }
        switch tool {
        case "job-stream": return DebugJobStream.run(arguments: forwarded)
        case "websocket-echo": return DebugWebSocketEcho.run(arguments: forwarded)
        default: return DebugWriteStream.run(arguments: forwarded)
        }
    }
}
