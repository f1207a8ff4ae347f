import Clocks
import CloudQueue
import Crypto
import Foundation
import Jobs
import Replication
import Store

/// `worldgame cloud check | trigger`: the operator's view of the OCI Queue link.
///
/// `check` reads the same options as `serve` and prints what is configured (OCIDs shortened, the key never shown),
/// checks the key file and its fingerprint, and signs a sample GetMessages request without sending it (no network):
/// exit 0 when a signed request would be well-formed, 1 otherwise. `trigger` writes a cross-node job into the data
/// dir's outbox (its own connection, beside a live node, whose relay sends it at its next wake-up).
enum CloudCommand: Subcommand {
    static let name = "cloud"
    static let summary = "Check the OCI Queue settings, or trigger a cross-node job"
    static let positionalUsage = "check | trigger"
    static let discussion = """
        check:   prints the cloud queue settings (secrets masked) and whether a signed request would be well-formed.
        trigger: writes a job of --kind (default cloud.ledgerAudit) into the outbox of --data-dir; the running
                 node's outbox relay puts it on the queue and the other node runs it.
        """
    static let options: [CommandOption] = [
        .dataDirectory("trigger: folder holding the database"),
        .value("kind", "KIND", "trigger: the job kind", default: StandbyLedgerAudit.kind),
        .value("payload", "JSON", "trigger: the job payload", default: "{}"),
        .value("role", "primary|standby", "Replication role (decides the --oci-consume default)", default: "primary", environment: true),
    ] + CloudConfiguration.options

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let action = arguments.positionals.first, arguments.positionals.count == 1 else {
            throw CommandLineError.missingArgument(command: name, what: "an action (check or trigger)")
        }
        let isStandby = try arguments.choice("role", default: "primary", choices: ["primary", "standby"]) == "standby"
        let cloud = try CloudConfiguration(arguments, isStandby: isStandby)
        switch action {
        case "check":
            let report = CloudCheck.report(cloud)
            print(report.text, terminator: "")
            return report.isWellFormed ? 0 : 1
        case "trigger":
            return try trigger(arguments)
        default:
            throw CommandLineError.invalidValue(command: name, option: "action", value: action, expected: "check or trigger")
        }
    }

    private static func trigger(_ arguments: ParsedArguments) throws -> Int32 {
        let configuration = try ExistingDatabase.open(arguments, command: name)
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        let now = SystemClock().now.rawValue
        let job = NewJob(kind: arguments.string("kind", default: StandbyLedgerAudit.kind),
                         payload: arguments.string("payload", default: "{}"), dedupeKey: "manual/\(now)")
        try connection.execute("BEGIN IMMEDIATE")
        do {
            let id = try JobOutbox.insert(job, now: now, in: connection)
            try connection.execute("COMMIT")
            print("outbox row \(id.map(String.init) ?? "?") queued: kind \(job.kind); the node's outbox relay sends it")
        } catch {
            try? connection.execute("ROLLBACK")
            throw error
        }
        return 0
    }
}
