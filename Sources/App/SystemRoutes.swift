import Foundation
import HTTP
import Telemetry

/// The operator routes every node serves: `/health` (liveness), `/ready` (can do its role), `/metrics` (Prometheus),
/// and the web client at `/`.
struct SystemRoutes: Sendable {
    let readiness: Readiness
    let metrics: MetricsRegistry
    let ports: WebAssets.Ports

    func register(in router: inout Router) {
        router.add(.get, "/health") { _, _, responder in
            responder.respond(.json(bytes: Array(#"{"status":"ok"}"#.utf8)))
        }
        let readiness = self.readiness
        router.add(.get, "/ready") { _, _, responder in
            if let reason = readiness.notReadyReason {
                responder.respond(.error(.serviceUnavailable, code: "not_ready", message: reason))
            } else {
                responder.respond(.json(bytes: Array(#"{"status":"ready","role":"primary"}"#.utf8)))
            }
        }
        let metrics = self.metrics
        router.add(.get, "/metrics") { _, _, responder in
            responder.respond(.text(metrics.exposition(), contentType: "text/plain; version=0.0.4; charset=utf-8"))
        }
        let pages = WebAssets.load(ports: ports)
        for (path, asset) in pages {
            router.add(.get, path) { _, _, responder in
                var response = HTTPResponse(status: .ok, body: asset.body)
                response.headers.set("content-type", asset.contentType)
                response.headers.set("cache-control", "no-cache")
                responder.respond(response)
            }
        }
    }
}
