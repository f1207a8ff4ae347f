import Codecs
import Clocks
import Foundation
import HTTP
import Store

/// The replication endpoints on the API port.
///
/// - `GET /replication/records?after=SEQ&wait_ms=N&standby=NAME` (secret): records after `SEQ` as
///   `ReplicationRecordCodec` frames, long-polling up to `wait_ms` when there are none; `after` is also the
///   standby's acknowledgement. 410 `behind_retention` when the log no longer reaches back to `SEQ`.
/// - `POST /replication/snapshots`, `GET|DELETE /replication/snapshots/{id}` (secret): a consistent copy of the
///   database, taken to a file and fetched in ranges (`ReplicationRoutes+Snapshot`).
/// - `GET /replication/status`: `ReplicationStatus` as JSON (no secret; it holds no data).
/// - `POST /replication/promote` (secret): runs the App's promotion and answers the new status.
/// - `POST /replication/switchover` (secret, on the primary): hands the primary role to the standby
///   (`ReplicationSwitchover`) and answers its report.
/// - `POST /replication/handoff?term=T&seq=H&checksum=HEX` (secret, on the standby; the switching primary calls it):
///   promotes this standby when it applied exactly the primary's final head H (same checksum) in term T.
///
/// Handlers run on event loops and never block: long polls wait in the `ReplicationFeed`, snapshot file work runs on
/// threads of its own, and reads of older records use the loop's own read connection.
public struct ReplicationRoutes: Sendable {
    public let node: ReplicationNode
    public let feed: ReplicationFeed
    public let secret: ReplicationSecret?
    public let readers: ReaderPool
    public let databasePath: String
    /// The primary's snapshot files (`<data dir>/replication-snapshots`).
    public let snapshots: ReplicationSnapshotStore
    /// Promotes this node and returns its new state; nil when promotion is not available here.
    public let promote: (@Sendable () throws -> ReplicationNode.State)?
    /// Runs a planned switchover on this primary; nil when not available here.
    public var switchover: ReplicationSwitchover?
    public var maxResponseBytes = 8 << 20
    public var maxWait: Duration = .seconds(30)
    /// The wall clock the status's lag is measured against.
    public let clock: any WallClock

    static let gone = HTTPStatus(code: 410, reasonPhrase: "Gone")

    public init(node: ReplicationNode, feed: ReplicationFeed, secret: ReplicationSecret?, readers: ReaderPool,
                databasePath: String, promote: (@Sendable () throws -> ReplicationNode.State)?,
                clock: any WallClock = SystemClock()) {
        self.node = node
        self.feed = feed
        self.secret = secret
        self.readers = readers
        self.databasePath = databasePath
        self.promote = promote
        self.clock = clock
        // No file work here: the App removes a previous run's snapshot files at node start (`removeLeftovers()`).
        snapshots = ReplicationSnapshotStore(databasePath: databasePath)
    }

    /// Adds the endpoints to `router` under their paths, for a server that serves replication alone (tests and
    /// the replica benchmark); a node serves them through the API module's route table, on its internal listener.
    public func register(in router: inout Router) {
        router.add(.get, "/replication/records", handler: recordsHandler)
        router.add(.post, "/replication/snapshots", handler: createSnapshotHandler)
        router.add(.get, "/replication/snapshots/{id}", handler: snapshotRangeHandler)
        router.add(.delete, "/replication/snapshots/{id}", handler: deleteSnapshotHandler)
        router.add(.get, "/replication/status", handler: statusHandler)
        router.add(.post, "/replication/promote", handler: promoteHandler)
        router.add(.post, "/replication/switchover", handler: switchoverHandler)
        router.add(.post, "/replication/handoff", handler: handoffHandler)
    }

    /// `GET /replication/records`.
    public var recordsHandler: HTTPHandler {
        let routes = self
        return { request, context, responder in routes.serveRecords(request, context: context, responder: responder) }
    }

    /// `GET /replication/status`.
    public var statusHandler: HTTPHandler {
        let routes = self
        return { _, _, responder in
            var status = ReplicationStatus(state: routes.node.current, nowMilliseconds: routes.clock.now.rawValue)
            status.standbys = routes.feed.acknowledgedSeqs
            responder.respond(.json(status))
        }
    }

    /// `POST /replication/promote`.
    public var promoteHandler: HTTPHandler {
        let routes = self
        return { request, _, responder in routes.servePromote(request, responder: responder) }
    }

    /// `POST /replication/switchover`.
    public var switchoverHandler: HTTPHandler {
        let routes = self
        return { request, _, responder in routes.serveSwitchover(request, responder: responder) }
    }

    /// `POST /replication/handoff`.
    public var handoffHandler: HTTPHandler {
        let routes = self
        return { request, _, responder in routes.serveHandoff(request, responder: responder) }
    }

    /// The refusal for a request without the secret, or for a node that cannot serve the log; nil when it may go on.
    func refusal(_ request: HTTPRequest, needsPrimary: Bool) -> HTTPResponse? {
        guard let secret else {
            return .error(.notFound, code: "replication_disabled",
                          message: "this node has no --replication-secret-file; replication endpoints are off")
        }
        guard secret.isPresented(in: request.headers["authorization"]) else {
            return .error(.unauthorized, code: "unauthorized", message: "the replication secret is missing or wrong")
        }
        if needsPrimary, !node.isPrimary {
            let primary = node.current.primaryURL ?? "unknown"
            return .error(.serviceUnavailable, code: "not_primary", message: "this node is a standby; the primary is \(primary)")
        }
        return nil
    }

    private func serveRecords(_ request: HTTPRequest, context: RequestContext, responder: Responder) {
        if let refusal = refusal(request, needsPrimary: true) { return responder.respond(refusal) }
        guard let after = Int64(request.queryValue("after") ?? "0"), after >= 0 else {
            return responder.respond(.error(.badRequest, code: "invalid_after", message: "after must be a seq ≥ 0"))
        }
        let waitMilliseconds = min(max(0, Int(request.queryValue("wait_ms") ?? "0") ?? 0),
                                   Int(maxWait.components.seconds) * 1000)
        let state = node.current
        guard after <= state.headSeq else {
            return responder.respond(.error(.conflict, code: "ahead_of_primary", message:
                "the standby claims seq \(after) but this primary's log ends at \(state.headSeq): the logs diverged"))
        }
        feed.acknowledge(standby: request.queryValue("standby") ?? "standby", seq: after)
        let records: [ReplicationRecord]
        if let inMemory = feed.recordsInMemory(after: after, maxBytes: maxResponseBytes) {
            records = inMemory
        } else {
            do {
                let read = try readers.reader(context.loopIndex).read { executor -> [ReplicationRecord]? in
                    let oldest = try ReplicationLog.oldestSeq(in: executor)
                    if after < state.headSeq, after < (oldest ?? Int64.max) - 1 { return nil }
                    return try ReplicationLog.records(after: after, maxBytes: maxResponseBytes, in: executor)
                }
                guard let read else {
                    return responder.respond(.error(Self.gone, code: "behind_retention", message:
                        "records after \(after) were pruned; bootstrap the standby from /replication/snapshots"))
                }
                records = read
            } catch {
                return responder.respond(.error(.internalServerError, code: "internal_error", message: "\(error)"))
            }
        }
        let node = node
        let respond: @Sendable ([ReplicationRecord]) -> Void = { records in
            responder.respond(Self.recordsResponse(records, state: node.current))
        }
        guard records.isEmpty, waitMilliseconds > 0 else { return respond(records) }
        let deadline = ContinuousClock.now + .milliseconds(waitMilliseconds)
        if !feed.wait(after: after, until: deadline, deliver: respond) { respond([]) }
    }

    static func recordsResponse(_ records: [ReplicationRecord], state: ReplicationNode.State) -> HTTPResponse {
        var response = HTTPResponse(status: .ok, body: ReplicationRecordCodec.encode(records))
        response.headers.set("content-type", "application/vnd.worldgame.replication-records")
        response.headers.set("x-replication-term", String(state.term))
        response.headers.set("x-replication-head-seq", String(state.headSeq))
        response.headers.set("x-replication-head-committed-at-ms", String(state.headCommittedAtMilliseconds))
        return response
    }

    private func serveSwitchover(_ request: HTTPRequest, responder: Responder) {
        if let refusal = refusal(request, needsPrimary: false) { return responder.respond(refusal) }
        guard let switchover else {
            return responder.respond(.error(.serviceUnavailable, code: "switchover_unavailable",
                                            message: "this node has no replication peer to switch over to"))
        }
        var settings = ReplicationSwitchover.Settings()
        if let text = request.queryValue("catch_up_timeout_ms") {
            guard let milliseconds = Int(text), (1...600_000).contains(milliseconds) else {
                return responder.respond(.error(.badRequest, code: "invalid_catch_up_timeout",
                                                message: "catch_up_timeout_ms must be an integer from 1 to 600000"))
            }
            settings.catchUpTimeout = .milliseconds(milliseconds)
        }
        let chosen = settings
        let thread = Thread {
            do throws(SwitchoverError) {
                let report = try switchover.run(settings: chosen)
                responder.respond(.json(report))
            } catch {
                responder.respond(.error(error.status, code: error.code, message: error.description))
            }
        }
        thread.name = "worldgame-repl-switchover"
        thread.start()
    }

    private func serveHandoff(_ request: HTTPRequest, responder: Responder) {
        if let refusal = refusal(request, needsPrimary: false) { return responder.respond(refusal) }
        guard let promote else {
            return responder.respond(.error(.serviceUnavailable, code: "promotion_unavailable",
                                            message: "this node cannot be promoted while running"))
        }
        guard let term = request.queryValue("term").flatMap({ Int64($0) }),
              let seq = request.queryValue("seq").flatMap({ Int64($0) }),
              let checksum = request.queryValue("checksum") else {
            return responder.respond(.error(.badRequest, code: "invalid_handoff",
                                            message: "term, seq and checksum are required"))
        }
        let state = node.current
        let mismatch: String? =
            state.role != .standby || state.isFenced ? "this node is a \(state.isFenced ? "fenced " : "")\(state.role.rawValue)"
            : state.term > term ? "this node is in term \(state.term), above the primary's \(term)"
            : state.headSeq != seq ? "this node applied seq \(state.headSeq), the primary's head is \(seq)"
            : Hex.encode(state.headChecksum) != checksum.lowercased() ? "this node's checksum at seq \(seq) differs"
            : nil
        if let mismatch {
            return responder.respond(.error(.conflict, code: "handoff_refused", message: mismatch))
        }
        let thread = Thread {
            do {
                let state = try promote()
                responder.respond(.json(ReplicationStatus(state: state, nowMilliseconds: clock.now.rawValue)))
            } catch {
                responder.respond(.error(.conflict, code: "promotion_failed", message: "\(error)"))
            }
        }
        thread.name = "worldgame-repl-handoff"
        thread.start()
    }

    private func servePromote(_ request: HTTPRequest, responder: Responder) {
        if let refusal = refusal(request, needsPrimary: false) { return responder.respond(refusal) }
        guard let promote else {
            return responder.respond(.error(.serviceUnavailable, code: "promotion_unavailable",
                                            message: "this node cannot be promoted while running"))
        }
        let thread = Thread {
            do {
                let state = try promote()
                responder.respond(.json(ReplicationStatus(state: state, nowMilliseconds: clock.now.rawValue)))
            } catch {
                responder.respond(.error(.conflict, code: "promotion_failed", message: "\(error)"))
            }
        }
        thread.name = "worldgame-repl-promote"
        thread.start()
    }
}
