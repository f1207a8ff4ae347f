/// Admission at the connection cap: idle connections make room for new ones.
///
/// Without this, `maxConnections` idle sockets (or slowloris peers still inside their header deadline) lock every
/// normal client out until the timeouts free them. Eviction is per loop: the accepting loop closes its own connection
/// that has been evictable the longest, so no loop touches another's connections. The listening socket is shared
/// with `EPOLLEXCLUSIVE`, which spreads connections, and so evictable ones, over the loops.
extension HTTPServerLoopContext {
    /// Loop thread: closes this loop's connection with the oldest `evictableSince` (idle between requests, or still
    /// sending its request head); returns false when every connection here is serving a request.
    func evictIdlestConnection() -> Bool {
        loop.preconditionInEventLoop()
        var idlest: HTTPConnection?
        var idlestSince: ContinuousClock.Instant?
        for connection in connections.values {
            guard let since = connection.evictableSince else { continue }
            if let current = idlestSince, current <= since { continue }
            idlest = connection
            idlestSince = since
        }
        guard let idlest else { return false }
        idlest.tcp.close()
        evictionCompleted()
        return true
    }
}
