import Foundation
import Locking

/// Where the game reads the current time, in Unix milliseconds; injected so tests control time-based rules.
public protocol GameClock: Sendable {
    var nowMilliseconds: Int64 { get }
}

/// The wall clock.
public struct SystemGameClock: GameClock {
    public init() {}

    public var nowMilliseconds: Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)) }
}

/// A clock that moves only when told; for tests. Any thread may read or advance it (a `Locked` guards the value).
public final class ManualGameClock: GameClock {
    private let current: Locked<Int64>

    public init(nowMilliseconds: Int64) {
        current = Locked(nowMilliseconds)
    }

    public var nowMilliseconds: Int64 { current.withLock { $0 } }

    /// Moves the clock forward by `duration`.
    public func advance(by duration: Duration) {
        let milliseconds = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        current.withLock { $0 += milliseconds }
    }

    public func set(_ nowMilliseconds: Int64) {
        current.withLock { $0 = nowMilliseconds }
    }
}
