import API
import Foundation
import HTTP
import Replication
import Telemetry

/// The operator routes every node serves: `/health` (liveness), `/ready` (can do its role; 503 `fenced` on a fenced
/// old primary, which serves neither writes nor fresh reads; 503 `storage_full` or `writer_stale` while the node
/// cannot take writes) on both listeners, the web client at `/` on the public API listener, and `/metrics`
/// (Prometheus) on the internal listener only (the public edge shows no insides).
///
/// The probes and `/metrics` are `RouteTable` entries: this type answers them (`handlers`). The web client's pages
/// are not API and not in the table: `registerWebClient` adds them to the public listener's router.
struct SystemRoutes: Sendable {
    let readiness: Readiness
    let metrics: MetricsRegistry
    let ports: WebAssets.Ports
    /// The node's replication role (nil: a plain primary).
    var replicationNode: ReplicationNode?
    /// Why this node cannot take the writes its role should take (a full disk, a stale writer), as the `/ready` code
    /// and message; nil when it can.
    var writeBlocker: (@Sendable () -> (code: String, message: String)?)?

    /// Adds the web client's pages (`/`, its scripts and styles) to the public API listener's router; each file is
    /// decoded on its first request (`WebAssetStore`), not at start.
    func registerWebClient(in router: inout Router) {
        let store = WebAssetStore(ports: ports)
        for (path, fileName) in WebAssets.paths() {
            router.add(.get, path) { _, _, responder in
                guard let asset = store.asset(fileName: fileName) else {
                    responder.respond(.error(.notFound, code: "not_found", message: "no route for \(path)"))
                    return
                }
                var response = HTTPResponse(status: .ok, body: asset.body)
                response.headers.set("content-type", asset.contentType)
                response.headers.set("cache-control", "no-cache")
                responder.respond(response)
            }
        }
    }

    /// The handlers of `/health`, `/ready` (both listeners: nginx probes the public one, the peer and Prometheus the
    /// internal one) and `/metrics` (internal listener only).
    var handlers: SystemRouteHandlers {
        let metrics = self.metrics
        let readiness = self.readiness
        let replicationNode = self.replicationNode
        let writeBlocker = self.writeBlocker
        return SystemRouteHandlers(
            health: { _, _, responder in
                responder.respond(.json(bytes: Array(#"{"status":"ok"}"#.utf8)))
            },
            ready: { request, _, responder in
                let role = replicationNode?.role.rawValue ?? "primary"
                if let reason = readiness.notReadyReason {
                    responder.respond(.error(.serviceUnavailable, code: "not_ready", message: reason))
                } else if let state = replicationNode?.current, state.isFenced {
                    responder.respond(.error(.serviceUnavailable, code: "fenced", message:
                        "this node was primary and is fenced by term \(state.term); the primary is "
                            + "\(state.primaryURL ?? "unknown"); run `worldgame rejoin` to follow it"))
                } else if let refusal = replicationNode?.current.versionRefusal {
                    responder.respond(.error(.serviceUnavailable, code: "version_incompatible", message: refusal))
                } else if let blocker = writeBlocker?() {
                    responder.respond(.error(.serviceUnavailable, code: blocker.code, message: blocker.message))
                } else if request.queryValue("role") == "primary", replicationNode?.current.isSwitchingOver == true {
                    responder.respond(.error(.serviceUnavailable, code: "switching_over", message:
                        "this node is handing its primary role to its standby (a planned switchover)"))
                } else if request.queryValue("role") == "primary", role != "primary" {
                    responder.respond(.error(.serviceUnavailable, code: "not_primary", message:
                        "this node is a standby; the primary is \(replicationNode?.current.primaryURL ?? "unknown")"))
                } else {
                    responder.respond(.json(bytes: Array(#"{"status":"ready","role":"\#(role)"}"#.utf8)))
                }
            },
            metrics: { _, _, responder in
                responder.respond(.text(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8"))
            })
    }
}
