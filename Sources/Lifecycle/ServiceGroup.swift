import Locking

/// The ordered list of a node's running services: each is started when it joins the group, and `stop(deadline:)`
/// stops them all in reverse order (the last started stops first), as swift-service-lifecycle's `ServiceGroup` does.
///
/// Why a type: a node's parts depend on one another (listeners on the writer, the writer on the data dir's lock), so
/// the order they start in is the order they must not outlive each other in. Joining and stopping may come from
/// different threads (start-up on the main thread, shutdown on its own thread); the list sits in a `Locked`, never
/// held across a service's own start or stop. Every service gets the whole `deadline` to itself, one after the other.
public final class ServiceGroup: Sendable {
    private struct State {
        var services: [any Service] = []
        var isStopped = false
    }

    private let state = Locked(State())

    public init() {}

    /// The names of the services that joined, in start order.
    public var names: [String] { state.withLock { $0.services.map(\.name) } }

    /// Starts `service` and appends it to the list (so it stops before every service that joined earlier).
    /// - Throws: the service's own start error (it is not added), or `ServiceGroupError.stopped` once the group
    ///   stopped (it is not started).
    public func start(_ service: any Service) throws {
        guard !state.withLock({ $0.isStopped }) else { throw ServiceGroupError.stopped(service: service.name) }
        try service.start()
        let isStopped = state.withLock { state -> Bool in
            if !state.isStopped { state.services.append(service) }
            return state.isStopped
        }
        // A stop that ran meanwhile never saw this service: stop it here rather than leave it running.
        if isStopped { service.stop(deadline: .zero) }
    }

    /// Stops every service in reverse start order, each within `deadline`; returns whether all finished in time.
    /// Later calls (and `start` after it) find the group stopped; a second call stops nothing and returns true.
    @discardableResult
    public func stop(deadline: Duration) -> Bool {
        let services = state.withLock { state -> [any Service] in
            defer { state.services = []; state.isStopped = true }
            return state.services
        }
        var allStopped = true
        for service in services.reversed() where !service.stop(deadline: deadline) { allStopped = false }
        return allStopped
    }
}

/// Why a `ServiceGroup` refused a service.
public enum ServiceGroupError: Error, Equatable, CustomStringConvertible {
    /// The group stopped before `service` could join; it was not started.
    case stopped(service: String)

    public var description: String {
        switch self {
        case .stopped(let service): "the service group stopped before \(service) could start"
        }
    }
}
