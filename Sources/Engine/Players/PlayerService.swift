import Clocks
import Game
import Store

/// The players domain's one writer: registration, login bookkeeping, password change and session sign-out, each one
/// writer command that completes with the player as committed (`PlayerView`).
///
/// Why it exists: every player and profile write goes through one place, whoever asks (the REST routes today), and
/// the answer is a domain value the caller encodes itself. Password hashing is not done here: callers pass finished
/// hashes, computed on the API's hashing pool, so no plaintext password enters this module, no writer command waits
/// for a slow hash, and the pool's backpressure (503 when full) and login timing defence stay with the protocol
/// that needs them. Built once at start-up by the node, on every node (a standby's writes are refused by the write
/// guard before they get here); immutable and `Sendable`. Completions run on the writer thread after the commit is
/// durable (or at once on the caller's thread when the writer refuses the command): hand the result on and return.
public final class PlayerService: Sendable {
    public typealias Completion<T: Sendable> = @Sendable (Result<T, any Error>) -> Void

    public let writer: Writer
    public let clock: any WallClock
    /// Whole gold units granted to each new player.
    public let startingGold: Int64
    let bus: EventBus

    /// - Parameters:
    ///   - startingGold: whole gold units each registration grants from the mint; 0 grants nothing.
    ///   - bus: where committed events go (the node's bus).
    public init(writer: Writer, clock: any WallClock = SystemClock(), startingGold: Int64, bus: EventBus) {
        self.writer = writer
        self.clock = clock
        self.startingGold = startingGold
        self.bus = bus
    }

    /// Creates a player (role `player`) with its accounts and starting gold.
    /// - Parameter passwordHash: the encoded hash to store (never the password).
    /// - Throws (in the completion): `GameError.usernameInvalid`, `.usernameTaken`, the writer's errors.
    public func register(username: String, passwordHash: String, completion: @escaping Completion<PlayerView>) {
        let startingGold = startingGold
        run(completion) { now, _, transaction in
            let player = try Players.register(username: username, passwordHash: passwordHash, role: .player,
                                              startingGold: startingGold, now: now, in: transaction)
            return try Self.view(of: player.id, in: transaction)
        }
    }

    /// Records a successful login now, storing `upgradedPasswordHash` when the caller rehashed the password with
    /// stronger parameters.
    /// - Throws (in the completion): `GameError.playerNotFound`, the writer's errors.
    public func recordLogin(playerID: Int64, upgradedPasswordHash: String?, completion: @escaping Completion<PlayerView>) {
        run(completion) { now, _, transaction in
            _ = try Players.recordLogin(playerID: playerID, now: now, upgradedPasswordHash: upgradedPasswordHash,
                                        in: transaction)
            return try Self.view(of: playerID, in: transaction)
        }
    }

    /// Replaces the password hash, if it is still `currentHash` (the one the caller's current password was checked
    /// against), and signs every session out (publishing `sessions_revoked`). Completes with nil when the hash changed
    /// meanwhile: the caller's password is no longer current.
    /// - Throws (in the completion): `GameError.playerNotFound`, the writer's errors.
    public func changePassword(playerID: Int64, from currentHash: String, to newHash: String,
                               completion: @escaping Completion<PlayerView?>) {
        run(completion) { now, bus, transaction -> PlayerView? in
            guard let changed = try Players.changePassword(playerID: playerID, from: currentHash, to: newHash, now: now,
                                                           in: transaction) else { return nil }
            try bus.publish([changed.event], after: transaction)
            return try Self.view(of: playerID, in: transaction)
        }
    }

    /// Signs every session of `playerID` out (the token generation rises; `sessions_revoked` is published).
    /// - Throws (in the completion): `GameError.playerNotFound`, the writer's errors.
    public func revokeSessions(playerID: Int64, completion: @escaping Completion<PlayerView>) {
        run(completion) { now, bus, transaction in
            let revoked = try Players.revokeSessions(playerID: playerID, now: now, in: transaction)
            try bus.publish([revoked.event], after: transaction)
            return try Self.view(of: playerID, in: transaction)
        }
    }

    /// The committed view of `playerID`, which the command itself just wrote.
    private static func view(of playerID: Int64, in transaction: Transaction) throws -> PlayerView {
        guard let view = try PlayerView.load(playerID: playerID, in: transaction) else {
            throw GameError.playerNotFound(playerID: playerID)
        }
        return view
    }

    /// Submits `command` with the time of the call (read on the caller's thread, as the routes always did).
    private func run<T: Sendable>(_ completion: @escaping Completion<T>,
                                  _ command: @escaping @Sendable (Int64, EventBus, Transaction) throws -> T) {
        let now = clock.now.rawValue
        let bus = bus
        writer.submit({ transaction in try command(now, bus, transaction) }, completion: completion)
    }
}
