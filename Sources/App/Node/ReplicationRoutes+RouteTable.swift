import API
import HTTP
import Replication

extension ReplicationRoutes {
    /// Adds the replication endpoints to `router` under the route table's paths (the one list of them), for a server
    /// that serves replication alone (tests and the replica benchmark); a node registers its whole internal listener.
    public func register(in router: inout Router) {
        _ = RouteTable.register(in: &router, listener: .internalNetwork,
                                handlers: RouteHandlers(replication: ReplicationRouteHandlers(self)))
    }
}
