import Foundation
import Game
import Store

/// `worldgame verify`: checks a data dir's ledger invariants and SQLite integrity, read-only, on a live or stopped node.
///
/// Runs on the main thread over one read-only connection inside one read transaction (a WAL snapshot: a running
/// node keeps writing meanwhile). Prints each check with ok/FAILED; exit 1 on any violation.
enum VerifyCommand: Subcommand {
    enum Failure: Error, CustomStringConvertible {
        case noDatabase(path: String)

        var description: String {
            switch self {
            case .noDatabase(let path): "no database at \(path); pass the node's --data-dir"
            }
        }
    }

    static let name = "verify"
    static let summary = "Check ledger invariants and database integrity of a data dir (live or stopped)"
    static let discussion = """
        Opens the database read-only (safe while the node runs) and checks, in one consistent snapshot: every asset's
        accounts sum to zero; each cached balance equals the sum of its transfers; every transfer moves its accounts'
        asset; no player (or fee/treasury) balance is negative; every square's owner exists; each position has one
        square; every square's stored JSON object is what its row gives; PRAGMA integrity_check; PRAGMA
        foreign_key_check. Exit 0 when all pass, 1 on any violation.
        """
    static let options: [CommandOption] = [
        .dataDirectory(),
    ]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        if let extra = arguments.positionals.first { throw CommandLineError.unexpectedArgument(command: name, argument: extra) }
        let path = arguments.databasePath
        guard FileManager.default.fileExists(atPath: path) else { throw Failure.noDatabase(path: path) }
        let connection = try Connection(configuration: StoreConfiguration(path: path), readOnly: true)
        defer { connection.close() }
        try connection.execute("BEGIN")
        let checks = try LedgerAudit.run(in: connection)
        try connection.execute("COMMIT")
        print("verifying \(path)")
        for check in checks {
            print("\(check.passed ? "ok    " : "FAILED") \(check.name) (\(check.scope))")
            for violation in check.violations { print("         - \(violation)") }
        }
        let failed = checks.filter { !$0.passed }.count
        print(failed == 0 ? "all \(checks.count) checks passed" : "\(failed) of \(checks.count) checks FAILED")
        return failed == 0 ? 0 : 1
    }
}
