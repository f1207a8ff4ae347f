import API
import Clocks
import Foundation
import Game
import Store

/// `worldgame admin create USERNAME`: creates an operator account whose tokens carry the admin role
/// (required by `/api/admin/*`). The password is read from standard input, never from the command line.
///
/// Runs on the main thread; writes through its own short-lived `Writer` while holding the data dir's lock
/// (`DataDirectoryLock`): a running node refuses it, so create operators before `serve` or with the node stopped.
enum AdminCommand: Subcommand {
    enum Failure: Error, CustomStringConvertible {
        case unknownAction(String)
        case passwordMissing
        case passwordLength(minimum: Int, maximum: Int)

        var description: String {
            switch self {
            case .unknownAction(let action): "unknown admin action '\(action)'; the only action is 'create USERNAME'"
            case .passwordMissing: "no password on standard input; pipe it in, e.g. printf '%s\\n' \"$PASSWORD\" | worldgame admin create NAME"
            case .passwordLength(let minimum, let maximum): "the password must have \(minimum) to \(maximum) characters"
            }
        }
    }

    static let name = "admin"
    static let summary = "Create an operator (admin) account: admin create USERNAME (password on stdin)"
    static let positionalUsage = "create USERNAME"
    static let discussion = """
        Reads the password from the first line of standard input (8 to 128 characters). The account gets no starting
        grant. Log in with POST /api/auth/login as usual; its tokens carry the admin role that /api/admin/* requires.
        """
    static let options: [CommandOption] = [
        .dataDirectory(),
        .value("password-iterations", "N", "PBKDF2-HMAC-SHA256 iterations for the hash", default: "600000",
               environment: true),
    ]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        guard let action = arguments.positionals.first else {
            throw CommandLineError.missingArgument(command: name, what: "'create USERNAME'")
        }
        guard action == "create" else { throw Failure.unknownAction(action) }
        guard arguments.positionals.count >= 2 else { throw CommandLineError.missingArgument(command: name, what: "a USERNAME") }
        if arguments.positionals.count > 2 {
            throw CommandLineError.unexpectedArgument(command: name, argument: arguments.positionals[2])
        }
        let username = arguments.positionals[1]
        try Username.validate(username)
        let iterations = try arguments.integer("password-iterations", default: PasswordHasher.recommendedIterations,
                                               range: 1_000...100_000_000)
        // Before the password is read: a refused lock should not have asked for it.
        let lock = try arguments.lockDataDirectory(command: "\(name) create")
        defer { lock.release() }
        guard let line = readLine(strippingNewline: true) else { throw Failure.passwordMissing }
        let password = Redacted(line.hasSuffix("\r") ? String(line.dropLast()) : line)
        guard (8...128).contains(password.value.count) else { throw Failure.passwordLength(minimum: 8, maximum: 128) }
        let dataDirectory = arguments.dataDirectory
        let configuration = StoreConfiguration(path: DataDirectory.databasePath(in: dataDirectory))
        try DatabaseSetup.migrate(configuration)
        let hash = try PasswordHasher(iterations: iterations).hash(password)
        let writer = try Writer(configuration: configuration)
        defer { writer.shutdown() }
        let now = SystemClock().now.rawValue
        let player = try writer.performAndWait { transaction in
            try Players.register(username: username, passwordHash: hash, role: .admin, startingGold: 0, now: now,
                                 in: transaction)
        }
        print("created admin \(player.username) (player id \(player.id))")
        return 0
    }
}
