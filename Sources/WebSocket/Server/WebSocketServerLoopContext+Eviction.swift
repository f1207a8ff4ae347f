/// Admission at the gateway's connection cap: the connection with the least claim to its slot makes room for a new
/// one.
///
/// Without this, `maxConnections` idle sockets (or peers that upgraded and never authenticated) lock every new client
/// out until their timeouts free them. Eviction is per loop, as in the HTTP server: the accepting loop closes one of
/// its own connections, so no loop touches another's; the listening socket is shared with `EPOLLEXCLUSIVE`, which
/// spreads connections, and so evictable ones, over the loops. The order is `WebSocketEvictionRank`'s.
extension WebSocketServerLoopContext {
    /// Loop thread: closes this loop's connection with the lowest `WebSocketEvictionRank`; false when there is none.
    func evictOneConnection() -> Bool {
        loop.preconditionInEventLoop()
        var oldestUpgrade: WebSocketUpgradeHandler?
        for upgrade in upgrades.values where oldestUpgrade.map({ upgrade.acceptedAt < $0.acceptedAt }) ?? true {
            oldestUpgrade = upgrade
        }
        if let oldestUpgrade {
            oldestUpgrade.abort()
            evictionCompleted()
            return true
        }
        var candidate: (session: WebSocketSession, rank: WebSocketEvictionRank)?
        for session in sessions.values {
            let rank = session.evictionRank
            if let current = candidate, current.rank <= rank { continue }
            candidate = (session, rank)
        }
        guard let candidate else { return false }
        let reason = candidate.rank.tier == .unauthenticated
            ? "connection cap reached: evicted, not authenticated"
            : "connection cap reached: evicted as the longest idle connection"
        candidate.session.evict(reason: reason)
        evictionCompleted()
        return true
    }

    private func evictionCompleted() {
        shared.evictions.wrappingAdd(1, ordering: .relaxed)
        onMetric(.connectionEvicted)
    }
}

/// Where a connection stands in the eviction order at the connection cap: lower tiers go first, and within a tier the
/// connection silent the longest (`since`: the last frame from the peer, or the accept for a handshake).
///
/// A plain value computed on the connection's loop when a new socket finds the server full.
struct WebSocketEvictionRank: Comparable {
    /// Eviction tiers, first evicted first.
    enum Tier: Int, Comparable {
        /// Still handshaking, or already closing: holds a slot without serving anything.
        case closingOrHandshaking
        /// Open, but the application never marked it authenticated (`WebSocketConnection.markAuthenticated()`).
        case unauthenticated
        /// Open and authenticated.
        case authenticated

        static func < (lhs: Tier, rhs: Tier) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    var tier: Tier
    var since: ContinuousClock.Instant

    static func < (lhs: WebSocketEvictionRank, rhs: WebSocketEvictionRank) -> Bool {
        (lhs.tier, lhs.since) < (rhs.tier, rhs.since)
    }
}
