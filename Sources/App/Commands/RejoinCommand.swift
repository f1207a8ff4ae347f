import Clocks
import Foundation
import HTTP
import Replication
import Store
import Telemetry

/// `worldgame rejoin`: turns a stopped, fenced old primary into a standby of the new primary, rewinding (and
/// reporting) the records the new primary lacks.
///
/// Runs on the main thread with the node stopped: finds the fork point (`RejoinForkPoint`: the last seq where both
/// logs hold the same running checksum, asked from the peer's `/replication/records`), applies the inverted changesets
/// of the local records after it, newest first, deletes them and stores role standby, the peer's term and the fork as
/// the applied position, all in one transaction. Prints every discarded seq and logs them. When no common record
/// exists it changes nothing and says to re-seed the data dir from a snapshot.
enum RejoinCommand: Subcommand {
    enum Failure: Error, CustomStringConvertible {
        case noDatabase(path: String)
        case peerNotPrimary(url: String, role: String)
        case peerAnswered(status: Int, url: String)
        case noCommonRecord(lowestLocal: Int64)

        var description: String {
            switch self {
            case .noDatabase(let path): "no database at \(path); pass the node's --data-dir"
            case .peerNotPrimary(let url, let role): "the peer \(url) is \(role), not primary: rejoin follows a primary"
            case .peerAnswered(let status, let url): "the peer \(url) answered \(status) to /replication/records"
            case .noCommonRecord(let lowestLocal):
                "no common record with the peer (local log starts at seq \(lowestLocal)); nothing changed: move the "
                    + "data dir aside and start with --role standby to bootstrap from a snapshot"
            }
        }
    }

    static let name = "rejoin"
    static let summary = "Turn a stopped old primary into a standby of the new one, discarding what it lacks"
    static let discussion = """
        Stop the node first. Finds the last log record both nodes share (equal running checksums), undoes this node's
        records after it with their inverted changesets, deletes them, and stores role standby with the peer's term,
        in one transaction. Prints the discarded seqs (and logs them). Then start the node with
        --role standby --peer URL: it follows the new primary from the common record.
        """
    static let options: [CommandOption] = [
        .dataDirectory(),
        .value("peer", "URL", "The new primary's internal listener (http://host:4002)", environment: true),
        .value("replication-secret-file", "FILE", "The pair's shared secret", environment: true),
    ]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let peerURL = arguments.string("peer") else { throw CommandLineError.missingArgument(command: name, what: "--peer URL") }
        guard let secretPath = arguments.string("replication-secret-file") else {
            throw CommandLineError.missingArgument(command: name, what: "--replication-secret-file FILE")
        }
        let path = arguments.databasePath
        guard FileManager.default.fileExists(atPath: path) else { throw Failure.noDatabase(path: path) }
        let lock = try arguments.lockDataDirectory(command: name, creating: false)
        defer { lock.release() }
        let secret = try ReplicationSecret.load(path: secretPath)
        let peer = try ReplicationPeer(url: peerURL)
        let status = try StatusCommand.fetchLive(url: peerURL)
        guard status.role == .primary else { throw Failure.peerNotPrimary(url: peerURL, role: status.role.rawValue) }
        let client = try HTTPClient(host: peer.host, port: peer.port, timeout: .seconds(10))
        defer { client.close() }
        let store = StoreConfiguration(path: path)
        try DatabaseSetup.migrate(store)   // a data dir the previous release last ran lacks the fence columns
        let connection = try Connection(configuration: store, readOnly: false)
        let head = try ReplicationLog.head(in: connection)
        let oldest = try ReplicationLog.oldestSeq(in: connection) ?? 0
        var fork: Int64 = 0
        if let head {
            let outcome = try RejoinForkPoint.find(lowestComparable: max(oldest, 1), highestComparable: min(head.seq, status.lastSeq)) { seq in
                let local = try connection.queryOne("SELECT checksum FROM replication_log WHERE seq = ?", [seq])?.blob("checksum")
                return try local != nil && local == remoteChecksum(at: seq, client: client, secret: secret, url: peerURL)
            }
            guard case .forkedAfter(let seq) = outcome else {
                connection.close()
                throw Failure.noCommonRecord(lowestLocal: oldest)
            }
            fork = seq
        }
        let forkChecksum = try connection.queryOne("SELECT checksum FROM replication_log WHERE seq = ?", [fork])?
            .blob("checksum") ?? ReplicationChecksum.initial
        let tail = try ReplicationLog.records(after: fork, maxBytes: Int.max, in: connection)
        connection.close()
        try rewind(tail, fork: fork, forkChecksum: forkChecksum, term: status.term, store: store)
        report(tail, fork: fork, peerURL: peerURL)
        return 0
    }

    /// The peer's running checksum at `seq` (nil when it has no such record).
    private static func remoteChecksum(at seq: Int64, client: HTTPClient, secret: ReplicationSecret, url: String) throws -> [UInt8]? {
        let response = try client.send(.get, "/replication/records?after=\(seq - 1)&wait_ms=0",
                                       headers: ReplicationHandshake.requestHeaders(
                                           secret: secret, version: .running(schemaVersion: try DatabaseSetup.schemaVersion())))
        try ReplicationHandshake.checkPrimary(response, standby: .running(schemaVersion: nil))
        guard response.status == 200 else { throw Failure.peerAnswered(status: response.status, url: url) }
        return try ReplicationRecordCodec.decode(response.body).first { $0.seq == seq }?.checksum
    }

    /// Undoes `tail` newest first, deletes it and stores the standby role and position, in one transaction.
    private static func rewind(_ tail: [ReplicationRecord], fork: Int64, forkChecksum: [UInt8], term: Int64,
                               store: StoreConfiguration) throws {
        let writer = try Writer(configuration: store)
        defer { writer.shutdown() }
        let now = SystemClock().now.rawValue
        try writer.performAndWait { transaction in
            for record in tail.reversed() where !record.changeset.isEmpty {
                try transaction.applyChangeset(try SQLiteChangeset.invert(record.changeset))
            }
            try transaction.run("DELETE FROM replication_log WHERE seq > ?", [fork])
            try ReplicationLog.setRole(.standby, term: term, nowMilliseconds: now, in: transaction)
            try ReplicationLog.setApplied(seq: fork, checksum: forkChecksum, term: term, nowMilliseconds: now, in: transaction)
            try ReplicationFence.clear(in: transaction)
        }
    }

    private static func report(_ tail: [ReplicationRecord], fork: Int64, peerURL: String) {
        let seqs = tail.map { String($0.seq) }.joined(separator: ",")
        print("rejoin: common record with \(peerURL): seq \(fork)")
        print("rejoin: discarded \(tail.count) unreplicated record(s)" + (tail.isEmpty ? "" : ": seqs \(seqs)"))
        for record in tail {
            print("rejoin:   seq \(record.seq) term \(record.term) committed_at_ms \(record.committedAtMilliseconds)")
        }
        Logger(label: "worldgame").warning("rejoin discarded unreplicated records", [
            ("fork_seq", .int(fork)), ("discarded_count", .int(Int64(tail.count))), ("discarded_seqs", .string(seqs)),
            ("primary", .string(peerURL)),
        ])
        print("rejoin: now start the node with --role standby --peer \(peerURL)")
    }
}
