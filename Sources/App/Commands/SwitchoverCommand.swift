import Codecs
import Foundation
import HTTP
import Replication

/// `worldgame switchover`: moves the primary role to the standby of a running pair, with no acknowledged write lost,
/// and leaves the old primary following the new one without a rewind (`ReplicationSwitchover`, `docs/failover.md`).
///
/// Runs on either node: it asks `--url` (by default this node's internal listener) for its status, finds the primary
/// (that node, or the primary a standby names, or `--peer`) and asks it to switch over. Main thread; blocking.
enum SwitchoverCommand: Subcommand {
    static let name = "switchover"
    static let summary = "Move the primary role to the standby (planned; the old primary follows without a rewind)"
    static let discussion = """
        Asks the primary (the node at --url, or the primary that --url's standby names, or --peer) to hand its role
        over: it stops its job workers, scheduler, auction settlement and outbox relay, pauses writes (they answer 503
        switching_over with Retry-After: 1, nothing saved), waits until the standby applied everything it committed,
        stores its own role as standby, and the standby promotes itself into the next term. The old primary then
        follows the new one from that point (no rejoin, no rewind) and closes its WebSocket clients with 1012.
        If the standby is unreachable or not caught up within --catch-up-timeout-ms, nothing changes: the primary
        keeps its role and takes writes again, and the command exits 1 naming the cause.
        --url defaults to http://INTERNAL_BIND:INTERNAL_PORT as `status` resolves it. Set WORLDGAME_ROLE in both
        nodes' environment files afterwards so a restart keeps the new roles.
        """
    static let options: [CommandOption] = [
        NodeListeners.internalBindOption,
        NodeListeners.internalPortOption,
        .value("url", "URL", "Base URL of either node's internal listener", default: "http://INTERNAL_BIND:INTERNAL_PORT"),
        .value("peer", "URL", "The other node's internal listener (when --url's standby does not name its primary)"),
        .value("replication-secret-file", "FILE", "The pair's shared secret", environment: true),
        .value("catch-up-timeout-ms", "MS", "How long the standby may take to catch up, before and during the pause",
               default: "5000"),
        .flag("json", "Print the report as one JSON object"),
    ]

    /// The error body of a refused switchover.
    private struct ErrorBody: Decodable {
        struct Detail: Decodable {
            var code: String
            var message: String
        }
        var error: Detail
    }

    /// Why the command failed, as printed on stderr.
    enum Failure: Error, CustomStringConvertible {
        case noPrimary(url: String, detail: String)
        case refused(status: Int, code: String, message: String)

        var description: String {
            switch self {
            case .noPrimary(let url, let detail): "no primary to switch over from \(url): \(detail)"
            case .refused(let status, let code, let message): "switchover failed (\(status) \(code)): \(message)"
            }
        }
    }

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        if let extra = arguments.positionals.first { throw CommandLineError.unexpectedArgument(command: name, argument: extra) }
        guard let secretPath = arguments.string("replication-secret-file") else {
            throw CommandLineError.missingArgument(command: name, what: "--replication-secret-file")
        }
        let secret = try ReplicationSecret.load(path: secretPath)
        let catchUpMilliseconds = try arguments.integer("catch-up-timeout-ms", default: 5000, range: 1...600_000)
        let isJSON = try arguments.flag("json", default: false)
        let url = try arguments.string("url") ?? NodeListeners(arguments).localInternalURL
        let primaryURL = try findPrimary(url: url, peer: arguments.string("peer"))
        let peer = try ReplicationPeer(url: primaryURL)
        // The primary may wait for the standby twice (before and during the pause), stop its jobs, and wait for the
        // promotion's answer.
        let client = try HTTPClient(host: peer.host, port: peer.port,
                                    timeout: .milliseconds(2 * catchUpMilliseconds) + .seconds(40))
        defer { client.close() }
        let response = try client.send(.post, "/replication/switchover?catch_up_timeout_ms=\(catchUpMilliseconds)",
                                       headers: ["authorization": secret.authorizationHeader])
        guard response.status == 200 else {
            let body = try? JSONDecoder().decode(ErrorBody.self, from: Data(response.body))
            throw Failure.refused(status: response.status, code: body?.error.code ?? "unknown",
                                  message: body?.error.message ?? response.bodyText)
        }
        let report = try JSONDecoder().decode(ReplicationSwitchover.Report.self, from: Data(response.body))
        if isJSON {
            print(String(decoding: try JSONCoding.encode(report), as: UTF8.self))
        } else {
            print("switched over: \(report.newPrimary) is primary in term \(report.newTerm); \(primaryURL) follows it "
                  + "from seq \(report.headSeq) (term \(report.oldTerm), no rewind)")
            print(String(format: "write pause: %.1f ms (standby caught up in %.1f ms), total %.1f ms",
                         report.pauseMilliseconds, report.catchUpMilliseconds, report.totalMilliseconds))
        }
        return 0
    }

    /// The internal URL of the pair's primary: `url` itself, the primary its standby names, or `peer`.
    static func findPrimary(url: String, peer: String?) throws -> String {
        let status: ReplicationStatus
        do {
            status = try StatusCommand.fetchLive(url: url)
        } catch {
            throw Failure.noPrimary(url: url, detail: "it did not answer (\(error))")
        }
        if status.role == .primary, status.fenced != true { return url }
        guard let candidate = status.fenced == true ? peer : (status.primary ?? peer) else {
            throw Failure.noPrimary(url: url, detail: "it is a standby that names no primary; pass --peer")
        }
        let candidateStatus: ReplicationStatus
        do {
            candidateStatus = try StatusCommand.fetchLive(url: candidate)
        } catch {
            throw Failure.noPrimary(url: url, detail: "its primary \(candidate) did not answer (\(error))")
        }
        guard candidateStatus.role == .primary, candidateStatus.fenced != true else {
            throw Failure.noPrimary(url: url, detail: "\(candidate) is a \(candidateStatus.role.rawValue), not a primary")
        }
        return candidate
    }
}
