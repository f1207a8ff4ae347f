import Clocks
import Foundation
import Jobs
import Store

/// `worldgame jobs list|show ID|retry ID|cancel ID|schedules`: an operator's view of a data dir's work queue.
///
/// Works on the database file directly (its own connection, short transactions). `list` and `show` only read, so
/// they run beside a live node; `retry` and `cancel` write, so they take the data dir's lock and are refused while a
/// node runs there (the node's workers pick up a retried job when it starts again).
enum JobsCommand: Subcommand {
    static let name = "jobs"
    static let summary = "List, show, retry or cancel jobs of the work queue; show the schedules"
    static let positionalUsage = "list | show ID | retry ID | cancel ID | schedules"
    static let discussion = """
        list:   the newest jobs first (--state, --kind and --limit filter), one line each.
        show:   every field of one job, its payload and last error.
        retry:  puts a dead or failed job back to pending, due now, with its attempts reset (node stopped).
        cancel: sends a pending, failed or running job to dead ("cancelled by an operator"); a database-only job that
                is running finds its lease gone and changes nothing (node stopped: retry and cancel lock the data dir).
        schedules: every persisted schedule: name, cadence, next run, last run and its outcome (done, failed,
                dead, pending, running, purged when its job row is gone, never); --json prints a JSON array.
                Read-only, safe beside a running node.
        """
    static let options: [CommandOption] = [
        .dataDirectory(),
        .value("state", "STATE", "list: only jobs in this state (pending, running, done, failed, dead)"),
        .value("kind", "KIND", "list: only jobs of this kind"),
        .value("limit", "N", "list: at most N jobs", default: "50"),
        .flag("json", "schedules: print a JSON array"),
    ]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let action = arguments.positionals.first else {
            throw CommandLineError.missingArgument(
                command: name, what: "an action (list, show ID, retry ID, cancel ID or schedules)")
        }
        if action == "schedules" {
            try expectPositionals(arguments, count: 1)
            return try printSchedules(arguments)
        }
        // retry and cancel write: they hold the data dir's lock, so they are refused while a node runs there.
        let lock = try ["retry", "cancel"].contains(action)
            ? arguments.lockDataDirectory(command: "\(name) \(action)", creating: false) : nil
        defer { lock?.release() }
        let configuration = try ExistingDatabase.open(arguments, command: name)
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        let now = SystemClock().now.rawValue
        switch action {
        case "list":
            try expectPositionals(arguments, count: 1)
            let stateText = try arguments.choice("state", default: "", choices: [""] + JobState.allCases.map(\.rawValue))
            let jobs = try JobTable.list(state: JobState(rawValue: stateText), kind: arguments.string("kind"),
                                         limit: try arguments.integer("limit", default: 50, range: 1...100_000),
                                         in: connection)
            print(JobListing.table(jobs), terminator: "")
        case "show":
            let id = try jobID(arguments)
            guard let job = try JobTable.find(id: id, in: connection) else { throw JobsError.jobNotFound(id: id) }
            print(JobListing.details(job), terminator: "")
        case "retry":
            let id = try jobID(arguments)
            let job = try inTransaction(connection) { try JobTable.retry(id: id, now: now, in: connection) }
            print("job \(id) (\(job.kind)) is pending again, due now")
        case "cancel":
            let id = try jobID(arguments)
            let job = try inTransaction(connection) { try JobTable.cancel(id: id, now: now, in: connection) }
            print("job \(id) (\(job.kind)) cancelled: it is dead")
        default:
            throw CommandLineError.unexpectedArgument(command: name, argument: action)
        }
        return 0
    }

    /// `jobs schedules`: reads the schedules on a read-only connection (no migration, nothing written).
    private static func printSchedules(_ arguments: ParsedArguments) throws -> Int32 {
        let path = arguments.databasePath
        guard FileManager.default.fileExists(atPath: path) else {
            throw CommandLineError.invalidValue(command: name, option: "--data-dir", value: arguments.dataDirectory,
                                                expected: "a data dir holding worldgame.db")
        }
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        defer { connection.close() }
        let entries = try ScheduleOverview.all(in: connection).map(ScheduleListing.Entry.init)
        if try arguments.flag("json", default: false) {
            print(try ScheduleListing.json(entries))
        } else {
            print(ScheduleListing.table(entries), terminator: "")
        }
        return 0
    }

    private static func jobID(_ arguments: ParsedArguments) throws -> Int64 {
        try expectPositionals(arguments, count: 2)
        let text = arguments.positionals[1]
        guard let id = Int64(text), id > 0 else {
            throw CommandLineError.invalidValue(command: name, option: "ID", value: text, expected: "a positive job id")
        }
        return id
    }

    private static func expectPositionals(_ arguments: ParsedArguments, count: Int) throws {
        if arguments.positionals.count < count {
            throw CommandLineError.missingArgument(command: name, what: "a job ID after '\(arguments.positionals[0])'")
        }
        if arguments.positionals.count > count {
            throw CommandLineError.unexpectedArgument(command: name, argument: arguments.positionals[count])
        }
    }

    /// Runs `body` inside `BEGIN IMMEDIATE … COMMIT` (rolled back if it throws).
    private static func inTransaction<T>(_ connection: Connection, _ body: () throws -> T) throws -> T {
        try connection.execute("BEGIN IMMEDIATE")
        do {
            let value = try body()
            try connection.execute("COMMIT")
            return value
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }
}
