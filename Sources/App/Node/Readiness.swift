import Locking
import Replication

/// Whether this node can do its role right now; `/ready` answers from it and nginx routes by it.
///
/// Written by the lifecycle (start, drain) and read by any event loop; a `Locked` guards the tiny state.
final class Readiness: Sendable {
    enum State: Sendable, Equatable {
        case starting
        case ready
        case draining
        case unavailable(reason: String)
    }

    private let state = Locked<State>(.starting)

    var current: State { state.withLock { $0 } }

    func set(_ newState: State) { state.withLock { $0 = newState } }

    /// Sets `newState` only while the state is still `expected` (a drain that began meanwhile wins).
    func set(_ newState: State, ifCurrent expected: State) {
        state.withLock { if $0 == expected { $0 = newState } }
    }

    /// Sets `newState` unless the state is `blocked` (a drain that began must not be overwritten); returns whether
    /// it was set.
    @discardableResult
    func set(_ newState: State, unlessCurrent blocked: State) -> Bool {
        state.withLock { current in
            guard current != blocked else { return false }
            current = newState
            return true
        }
    }

    /// The reason the node is not ready, or nil when it is.
    var notReadyReason: String? {
        switch current {
        case .ready: nil
        case .starting: "starting: migrations and listeners are not up yet"
        case .draining: "shutting down: finishing in-flight requests"
        case .unavailable(let reason): reason
        }
    }
}

extension Readiness: StandbyReadiness {
    func markUnavailable(reason: String) -> Bool {
        set(.unavailable(reason: reason), unlessCurrent: .draining)
    }

    func markReady(ifUnavailableFor reason: String) {
        set(.ready, ifCurrent: .unavailable(reason: reason))
    }
}
