import Clocks
import Foundation
import HTTP
import Replication
import Store

/// `worldgame promote`: turns a standby into the primary by bumping the term and storing the primary role.
///
/// With `--url` it asks the running standby's internal listener (`POST /replication/promote`, with the replication
/// secret); without it, it changes a stopped node's database directly (the node then starts as primary). Main thread;
/// blocking.
enum PromoteCommand: Subcommand {
    static let name = "promote"
    static let summary = "Turn a standby into the primary (bumps the term)"
    static let discussion = """
        Offline (the node stopped): `worldgame promote --data-dir DIR`, then start it with --role primary.
        Online: `worldgame promote --url http://127.0.0.1:4002 --replication-secret-file FILE` (the standby's internal
        listener, --internal-port) promotes the running standby at once: it takes writes and starts its jobs, scheduler and auction engine without a restart.
        Fencing the old primary is not done here: it fences itself when it hears of the higher term.
        """
    static let options: [CommandOption] = [
        .dataDirectory("Folder holding the database (offline promotion)"),
        .value("url", "URL", "Base URL of the running standby's internal listener (online promotion)"),
        .value("replication-secret-file", "FILE", "The pair's shared secret (online promotion)", environment: true),
    ]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        if let extra = arguments.positionals.first { throw CommandLineError.unexpectedArgument(command: name, argument: extra) }
        if let url = arguments.string("url") {
            guard let secretPath = arguments.string("replication-secret-file") else {
                throw CommandLineError.missingArgument(command: name, what: "--replication-secret-file with --url")
            }
            let status = try promoteOnline(url: url, secret: try ReplicationSecret.load(path: secretPath))
            print("promoted: role \(status.role.rawValue), term \(status.term), applied seq \(status.appliedSeq)")
            return 0
        }
        let path = arguments.databasePath
        guard FileManager.default.fileExists(atPath: path) else { throw VerifyCommand.Failure.noDatabase(path: path) }
        let lock = try arguments.lockDataDirectory(command: name, creating: false)
        defer { lock.release() }
        let term = try promoteOffline(path: path)
        print("promoted: role primary, term \(term) (start the node with --role primary)")
        return 0
    }

    /// Applies this binary's pending migrations (the node is stopped; its data dir may have been last run by the
    /// previous release, before the fence columns existed), then bumps the stored term (above any fence the node
    /// stored) and role, and clears the fence, in one transaction; returns the new term.
    static func promoteOffline(path: String) throws -> Int64 {
        let configuration = StoreConfiguration(path: path)
        try DatabaseSetup.migrate(configuration)
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        try connection.execute("BEGIN IMMEDIATE")
        do {
            let row = try ReplicationLog.nodeRow(in: connection)
            let headTerm = try connection.queryOne("SELECT max(term) AS t FROM replication_log")?.optionalInt64("t") ?? 0
            let term = max(row.term, headTerm, try ReplicationFence.knownTerm(in: connection)) + 1
            try ReplicationLog.setRole(.primary, term: term, nowMilliseconds: SystemClock().now.rawValue,
                                       in: connection)
            try ReplicationFence.clear(in: connection)
            try connection.execute("COMMIT")
            return term
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
    }

    static func promoteOnline(url: String, secret: ReplicationSecret) throws -> ReplicationStatus {
        let peer = try ReplicationPeer(url: url)
        let client = try HTTPClient(host: peer.host, port: peer.port, timeout: .seconds(30))
        defer { client.close() }
        let response = try client.send(.post, "/replication/promote", headers: ["authorization": secret.authorizationHeader])
        guard response.status == 200 else { throw ReplicationFollower.refusal(response) }
        return try JSONDecoder().decode(ReplicationStatus.self, from: Data(response.body))
    }
}
