/// The decisions a node makes from what it hears of its peer: fence itself when the peer holds a higher term, and
/// (opt-in) promote itself after the primary has been silent for too long.
///
/// A value-type state machine in the Hummingbird style: `observe(_:at:)` takes one observation and the time, updates
/// the state and returns the action to carry out; it does no I/O and reads no clock, so tests drive it with plain
/// instants. Owned by the one thread that polls the peer.
struct FailoverMonitor: Sendable {
    /// This node's role as the monitor sees it.
    enum Role: String, Sendable {
        case primary
        case standby
        /// A former primary that learned of a higher term: takes no writes until `worldgame rejoin`.
        case fenced
    }

    /// One look at the peer.
    enum Observation: Sendable, Equatable {
        /// The peer answered with its role and term (`GET /replication/status`), or a request from the peer carried them.
        case peer(isPrimary: Bool, term: Int64, url: String)
        /// The peer did not answer (connection refused, timeout).
        case silent
    }

    /// What the caller must do now.
    enum Action: Sendable, Equatable {
        case none
        /// Stop accepting writes at once and answer 503 `not_primary` naming `primaryURL`.
        case fence(newTerm: Int64, primaryURL: String)
        /// Promote this standby (opt-in auto-promotion after `silence` without the primary).
        case promote(silence: Duration)
    }

    private(set) var role: Role
    private(set) var term: Int64
    /// `--auto-promote-after`; nil (the default) never promotes on its own.
    let autoPromoteAfter: Duration?
    /// When the primary was last heard from (standby), or when monitoring started.
    private(set) var lastContact: ContinuousClock.Instant
    private var hasPromoted = false

    init(role: Role, term: Int64, autoPromoteAfter: Duration?, now: ContinuousClock.Instant) {
        self.role = role
        self.term = term
        self.autoPromoteAfter = autoPromoteAfter
        lastContact = now
    }

    /// Feeds one observation made at `now`; returns the action to carry out.
    mutating func observe(_ observation: Observation, at now: ContinuousClock.Instant) -> Action {
        switch observation {
        case .peer(let peerIsPrimary, let peerTerm, let url):
            return observePeer(isPrimary: peerIsPrimary, term: peerTerm, url: url, at: now)
        case .silent:
            guard role == .standby, !hasPromoted, let limit = autoPromoteAfter else { return .none }
            let silence = now - lastContact
            guard silence >= limit else { return .none }
            hasPromoted = true
            return .promote(silence: silence)
        }
    }

    /// Records that this node was promoted (by the operator or by `.promote`) into `newTerm`.
    mutating func promoted(toTerm newTerm: Int64, at now: ContinuousClock.Instant) {
        role = .primary
        term = max(term, newTerm)
        lastContact = now
    }

    /// Records that this primary handed its role to the peer (a switchover) and follows it in `term`: from now on it
    /// watches as a standby, so the peer's next, higher term is no reason to fence. It never auto-promotes (the
    /// setting belongs to a node started as standby; `hasPromoted` keeps a once-promoted node from doing it again).
    mutating func steppedDown(term newTerm: Int64, at now: ContinuousClock.Instant) {
        role = .standby
        term = max(term, newTerm)
        lastContact = now
        hasPromoted = true
    }

    private mutating func observePeer(isPrimary peerIsPrimary: Bool, term peerTerm: Int64, url: String,
                                      at now: ContinuousClock.Instant) -> Action {
        switch role {
        case .primary:
            // A peer in a higher term means someone promoted it: this node's writes would fork the history.
            guard peerTerm > term else { return .none }
            role = .fenced
            term = peerTerm
            return .fence(newTerm: peerTerm, primaryURL: url)
        case .standby:
            if peerIsPrimary {
                lastContact = now
                term = max(term, peerTerm)
            }
            return .none
        case .fenced:
            term = max(term, peerTerm)
            return .none
        }
    }
}
