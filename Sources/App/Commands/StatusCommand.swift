import Codecs
import Crypto
import Foundation
import HTTP
import Jobs
import Replication
import Store

/// `worldgame status`: the node's replication role, term, position, lag and checksum, and its schedules, from its
/// database (read-only, safe while it runs) and, when it answers, from the running node's `GET /replication/status`
/// (internal listener).
///
/// Exit codes: 0 when the running node answered; `unreachableExitCode` (3) when it did not (the stored values are
/// still printed) unless `--allow-offline`; 1 when the database cannot be read; 2 for a usage error.
/// Runs on the main thread; blocking reads and one short HTTP request.
enum StatusCommand: Subcommand {
    static let name = "status"
    static let summary = "Show the node's replication role, term, sequence numbers, lag, checksum and schedules"
    static let discussion = """
        Reads the data dir's database read-only, then asks the running node's internal listener for its live position
        at --url, by default http://INTERNAL_BIND:INTERNAL_PORT with --internal-bind and --internal-port resolved as
        `serve` resolves them (flag, then WORLDGAME_INTERNAL_BIND / WORLDGAME_INTERNAL_PORT, then 127.0.0.1:4002), so
        the node's environment file works for both. Prints `key: value` lines and the schedules table, or one JSON
        object with --json.
        Exits 3 when the node cannot be reached (a stopped node, a wrong port), after printing what the database
        says; --allow-offline makes that exit 0, for a node known to be stopped.
        """
    static let options: [CommandOption] = [
        .dataDirectory(),
        NodeListeners.internalBindOption,
        NodeListeners.internalPortOption,
        .value("url", "URL", "Base URL of the running node's internal listener",
               default: "http://INTERNAL_BIND:INTERNAL_PORT"),
        .flag("allow-offline", "Exit 0 even when the running node cannot be reached"),
        .flag("json", "Print one JSON object"),
    ]

    /// The exit code when the running node cannot be reached (and `--allow-offline` is not given).
    static let unreachableExitCode: Int32 = 3

    /// What the database says.
    struct Stored: Encodable {
        var role: String
        var term: Int64
        var lastSeq: Int64
        var appliedSeq: Int64
        var oldestSeq: Int64?
        var checksum: String
        var pendingJobs: Int64
        /// The stored fence (a higher term and the primary that holds it) when this node is fenced.
        var fencedTerm: Int64?
        var fencedBy: String?
        /// Every persisted schedule with its next and last run (`worldgame jobs schedules`).
        var schedules: [ScheduleListing.Entry]
    }

    /// The whole report.
    struct Report: Encodable {
        var database: Stored
        var live: ReplicationStatus?
        var liveError: String?
    }

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        if let extra = arguments.positionals.first { throw CommandLineError.unexpectedArgument(command: name, argument: extra) }
        let path = arguments.databasePath
        guard FileManager.default.fileExists(atPath: path) else { throw VerifyCommand.Failure.noDatabase(path: path) }
        let isOfflineAllowed = try arguments.flag("allow-offline", default: false)
        let isJSON = try arguments.flag("json", default: false)
        let listeners = try NodeListeners(arguments)
        let url = arguments.string("url") ?? listeners.localInternalURL
        let stored = try readDatabase(path: path)
        var report = Report(database: stored)
        do {
            report.live = try fetchLive(url: url)
        } catch {
            report.liveError = String(describing: error)
        }
        if isJSON {
            print(String(decoding: try JSONCoding.encode(report), as: UTF8.self))
        } else {
            printLines(report, url: url)
        }
        guard report.live != nil || isOfflineAllowed else {
            WorldgameCommand.printError("the node at \(url) did not answer (\(report.liveError ?? "unknown")); "
                + "the values above are the database's. Use --allow-offline when the node is meant to be stopped.")
            return unreachableExitCode
        }
        return 0
    }

    static func readDatabase(path: String) throws -> Stored {
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        defer { connection.close() }
        try connection.execute("BEGIN")
        defer { try? connection.execute("COMMIT") }
        let row = try ReplicationLog.nodeRow(in: connection)
        let head = try ReplicationLog.head(in: connection)
        let pending = try connection.queryOne("SELECT count(*) AS n FROM jobs WHERE state IN ('pending', 'running')")?
            .int64("n") ?? 0
        let fence = try ReplicationFence.load(in: connection)
        let schedules = try ScheduleOverview.all(in: connection).map(ScheduleListing.Entry.init)
        return Stored(role: row.role.rawValue, term: row.term, lastSeq: head?.seq ?? 0, appliedSeq: head?.seq ?? 0,
                      oldestSeq: try ReplicationLog.oldestSeq(in: connection),
                      checksum: Hex.encode(head?.checksum ?? ReplicationChecksum.initial), pendingJobs: pending,
                      fencedTerm: fence?.term, fencedBy: fence?.primaryURL, schedules: schedules)
    }

    static func fetchLive(url: String) throws -> ReplicationStatus {
        let peer = try ReplicationPeer(url: url)
        let client = try HTTPClient(host: peer.host, port: peer.port, timeout: .seconds(3))
        defer { client.close() }
        let response = try client.send(.get, "/replication/status")
        guard response.status == 200 else { throw ReplicationFollower.refusal(response) }
        return try JSONDecoder().decode(ReplicationStatus.self, from: Data(response.body))
    }

    private static func printLines(_ report: Report, url: String) {
        let stored = report.database
        if let live = report.live {
            print("role: \(live.role.rawValue)")
            print("term: \(live.term)")
            print("last_seq: \(live.lastSeq)")
            print("applied_seq: \(live.appliedSeq)")
            print("lag_records: \(live.lagRecords)")
            print("lag_ms: \(live.lagMilliseconds)")
            print("checksum: \(live.checksum)")
            if let primary = live.primary { print("primary: \(primary)") }
            for (standby, seq) in live.standbys.sorted(by: { $0.key < $1.key }) { print("standby \(standby): acked \(seq)") }
            print("version: \(live.version?.description ?? "release 0.5.0 or older (it does not say)")")
            if let peer = live.peerVersion { print("\(live.role == .standby ? "primary" : "standby")_version: \(peer)") }
            if let refusal = live.versionRefusal { print("version_refused: \(refusal)") }
        } else {
            print("role: \(stored.role) (stored; node not reachable at \(url): \(report.liveError ?? "unknown"))")
            print("term: \(stored.term)")
            print("last_seq: \(stored.lastSeq)")
            print("applied_seq: \(stored.appliedSeq)")
            print("checksum: \(stored.checksum)")
        }
        if let fencedTerm = stored.fencedTerm {
            print("fenced: by term \(fencedTerm), primary \(stored.fencedBy ?? "unknown") (writes refused until rejoin)")
        }
        print("log_oldest_seq: \(stored.oldestSeq.map(String.init) ?? "none")")
        print("queue_depth: \(stored.pendingJobs)")
        print("schedules:")
        print(ScheduleListing.table(stored.schedules, indent: "  "), terminator: "")
    }
}
