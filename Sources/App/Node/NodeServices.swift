import HTTP
import Lifecycle
import Store

/// A listener of the node (the API port, the internal port) as one of its services: starting binds and accepts,
/// stopping stops accepting and drains in-flight requests within the deadline.
struct ListenerService: Service {
    let name: String
    let server: HTTPServer

    /// - Throws: `NetError.addressInUse` (naming the host and port) when the port is taken.
    func start() throws { try server.start() }

    @discardableResult
    func stop(deadline: Duration) -> Bool { server.shutdown(deadline: deadline) }
}

/// The primary-only part of the node's services (`PrimaryServices`: world setup, auction engine, jobs, scheduler,
/// outbox relay): started with the node when it starts as primary; otherwise online promotion starts it later
/// (`Node.promoteOnline`) and fencing stops it early (`Node.fenced`). Stopping it twice is harmless.
struct PrimaryRoleService: Service {
    let primary: PrimaryServices
    /// Whether the node is primary when it starts.
    let isPrimary: Bool

    var name: String { "primary-services" }

    /// - Throws: the writer's or the job system's error (nothing of the primary's services is left running then).
    func start() throws {
        if isPrimary { try primary.start() }
    }

    @discardableResult
    func stop(deadline: Duration) -> Bool { primary.stop(deadline: deadline) }
}

// Public witnesses: the lock (Store) and `Service` (Lifecycle) are both public.
extension DataDirectoryLock: Service {
    public var name: String { "data-directory-lock" }

    /// Held already (`acquire`): joining the services only orders its release last.
    public func start() {}

    @discardableResult
    public func stop(deadline: Duration) -> Bool {
        release()
        return true
    }
}
