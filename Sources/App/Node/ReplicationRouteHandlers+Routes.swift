import API
import Replication

extension ReplicationRouteHandlers {
    /// The route table's replication handlers answered by `routes` (the module below `API` cannot name the table's
    /// types, so the App pairs them).
    init(_ routes: ReplicationRoutes) {
        self.init(records: routes.recordsHandler, createSnapshot: routes.createSnapshotHandler,
                  snapshotRange: routes.snapshotRangeHandler, deleteSnapshot: routes.deleteSnapshotHandler,
                  status: routes.statusHandler, promote: routes.promoteHandler,
                  switchover: routes.switchoverHandler, handoff: routes.handoffHandler)
    }
}
