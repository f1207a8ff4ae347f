import Foundation
import HTTP

/// The snapshot endpoints of `ReplicationRoutes` (secret; primary only but for DELETE):
///
/// - `POST /replication/snapshots` → 201 `ReplicationSnapshotStore.Snapshot` (id, byte size, SHA-256, log head,
///   term, schema version): takes an online backup into the data dir. 503 `snapshot_in_progress` while another take
///   runs, 503 `snapshot_limit_reached` while `maxSnapshots` snapshots are being downloaded.
/// - `GET /replication/snapshots/{id}?offset=N&length=M` → up to `M` bytes (≤ `maxSnapshotChunkBytes`) of the file
///   from `N`, `application/octet-stream`.
/// - `DELETE /replication/snapshots/{id}` → 204 once the standby has it (404 `snapshot_not_found` when unknown).
///
/// File work runs on a thread per request ("worldgame-repl-snapshot"), never on the event loop. Memory per request
/// is one chunk, whatever the database size.
extension ReplicationRoutes {
    /// The largest range one request may ask for.
    public static let maxSnapshotChunkBytes = 8 << 20

    /// `POST /replication/snapshots`.
    public var createSnapshotHandler: HTTPHandler {
        let routes = self
        return { request, _, responder in routes.serveSnapshotCreation(request, responder: responder) }
    }

    /// `GET /replication/snapshots/{id}`.
    public var snapshotRangeHandler: HTTPHandler {
        let routes = self
        return { request, _, responder in routes.serveSnapshotRange(request, responder: responder) }
    }

    /// `DELETE /replication/snapshots/{id}`.
    public var deleteSnapshotHandler: HTTPHandler {
        let routes = self
        return { request, _, responder in
            if let refusal = routes.refusal(request, needsPrimary: false) { return responder.respond(refusal) }
            let id = request.pathParameters["id"] ?? ""
            let store = routes.snapshots
            Self.onSnapshotThread {
                responder.respond(store.remove(id: id) ? HTTPResponse(status: .noContent) : Self.unknownSnapshot(id))
            }
        }
    }

    private func serveSnapshotCreation(_ request: HTTPRequest, responder: Responder) {
        if let refusal = refusal(request, needsPrimary: true) { return responder.respond(refusal) }
        let term = node.current.term
        let store = snapshots
        let version = node.version
        Self.onSnapshotThread {
            do {
                var created = HTTPResponse.json(try store.take(term: term), status: .created)
                version.add(to: &created.headers)
                responder.respond(created)
            } catch let error as ReplicationError {
                switch error {
                case .snapshotTakeInProgress:
                    responder.respond(.error(.serviceUnavailable, code: "snapshot_in_progress", message: error.description))
                case .snapshotLimitReached:
                    responder.respond(.error(.serviceUnavailable, code: "snapshot_limit_reached",
                                             message: error.description))
                default:
                    responder.respond(.error(.internalServerError, code: "snapshot_failed", message: error.description))
                }
            } catch {
                responder.respond(.error(.internalServerError, code: "snapshot_failed", message: "\(error)"))
            }
        }
    }

    private func serveSnapshotRange(_ request: HTTPRequest, responder: Responder) {
        if let refusal = refusal(request, needsPrimary: true) { return responder.respond(refusal) }
        let id = request.pathParameters["id"] ?? ""
        guard let offset = Int64(request.queryValue("offset") ?? "0"), offset >= 0,
              let length = Int(request.queryValue("length") ?? String(Self.maxSnapshotChunkBytes / 2)),
              length > 0, length <= Self.maxSnapshotChunkBytes else {
            return responder.respond(.error(.badRequest, code: "invalid_range", message:
                "offset must be ≥ 0 and length between 1 and \(Self.maxSnapshotChunkBytes)"))
        }
        let store = snapshots
        Self.onSnapshotThread {
            do {
                var response = HTTPResponse(status: .ok, body: try store.read(id: id, offset: offset, length: length))
                response.headers.set("content-type", "application/octet-stream")
                response.headers.set("x-snapshot-offset", String(offset))
                responder.respond(response)
            } catch ReplicationError.snapshotUnknown {
                responder.respond(Self.unknownSnapshot(id))
            } catch let error as ReplicationError {
                if case .snapshotRangeInvalid = error {
                    return responder.respond(.error(.badRequest, code: "invalid_range", message: error.description))
                }
                responder.respond(.error(.internalServerError, code: "snapshot_failed", message: error.description))
            } catch {
                responder.respond(.error(.internalServerError, code: "snapshot_failed", message: "\(error)"))
            }
        }
    }

    private static func unknownSnapshot(_ id: String) -> HTTPResponse {
        .error(.notFound, code: "snapshot_not_found", message: ReplicationError.snapshotUnknown(id: id).description)
    }

    /// Runs `body` on a thread of its own (file and SQLite work must never block an event loop).
    private static func onSnapshotThread(_ body: @escaping @Sendable () -> Void) {
        let thread = Thread(block: body)
        thread.name = "worldgame-repl-snapshot"
        thread.start()
    }
}
