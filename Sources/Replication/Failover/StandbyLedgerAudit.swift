import Foundation
import Game
import Jobs
import Store
import Telemetry

/// The first real cross-node job: the primary asks the other node (the standby) to run the ledger audit of
/// `worldgame verify` over its own copy of the game database, so the full-table audit never loads the primary.
///
/// The primary's daily schedule (`ledger-audit-on-peer`, 04:30 UTC) enqueues the remote kind, which goes to the
/// outbox; the standby's local workers run the handler below on a worker thread, over a read-only connection in one
/// read transaction. A failed check fails the job (its last error lists the failures; retried, then dead).
public enum StandbyLedgerAudit {
    /// The job kind the primary enqueues for the other node.
    public static let kind = "cloud.ledgerAudit"

    /// Why an audit job failed.
    public enum Failure: Error, CustomStringConvertible {
        case noDatabase(path: String)
        case checksFailed(names: [String])

        public var description: String {
            switch self {
            case .noDatabase(let path): "no game database at \(path)"
            case .checksFailed(let names): "ledger audit failed: \(names.joined(separator: ", "))"
            }
        }
    }

    /// The primary's schedule that triggers the audit on the other node.
    public static var schedule: Schedule {
        Schedule(name: "ledger-audit-on-peer", kind: kind, cadence: .dailyAt(hour: 4, minute: 30))
    }

    /// Registers the handler that runs the audit over `databasePath`.
    public static func register(in handlers: inout JobHandlers, databasePath: String) {
        handlers.register(kind, .external { context in
            try run(databasePath: databasePath, logger: context.logger)
        })
    }

    /// Runs the audit; returns the checks (throws when one failed).
    @discardableResult
    public static func run(databasePath: String, logger: Logger) throws -> [AuditCheck] {
        guard FileManager.default.fileExists(atPath: databasePath) else { throw Failure.noDatabase(path: databasePath) }
        let started = ContinuousClock.now
        let connection = try Connection(configuration: StoreConfiguration(path: databasePath), readOnly: true)
        defer { connection.close() }
        try connection.execute("BEGIN")
        let checks = try LedgerAudit.run(in: connection)
        try connection.execute("COMMIT")
        let failed = checks.filter { !$0.passed }.map(\.name)
        logger.info("ledger audit on this node finished", [
            ("checks", .int(Int64(checks.count))), ("failed", .int(Int64(failed.count))),
            ("duration_ms", .double((ContinuousClock.now - started).milliseconds)),
        ])
        guard failed.isEmpty else { throw Failure.checksFailed(names: failed) }
        return checks
    }
}
