import Foundation
import HTTP
import Locking
import Store
import Telemetry

/// The standby's stream from its primary: a plain thread ("worldgame-repl-follow") that long-polls
/// `GET /replication/records` from the applied seq, verifies and applies what arrives, and repeats.
///
/// Owns its HTTP client (one keep-alive connection). Every poll carries this node's version and checks the primary's
/// (`ReplicationHandshake`). Failures back off and retry; a 401, a diverged log or a version the one-release rule
/// refuses is logged as an error and retried slowly (a person must act); 410 calls `onBehindRetention` on this thread (the App
/// re-bootstraps the running node from a snapshot there, and backs off its own failures: `StandbyRebootstrap`; when it
/// throws, the follower polls again after `retryDelay`, and the next 410 waits in that backoff).
public final class ReplicationFollower: Sendable {
    public struct Settings: Sendable {
        public var standbyName = "standby"
        public var wait: Duration = .seconds(2)
        public var retryDelay: Duration = .milliseconds(200)
        public var slowRetryDelay: Duration = .seconds(5)
        public init() {}
    }

    private let peer: ReplicationPeer
    private let secret: ReplicationSecret
    private let node: ReplicationNode
    private let applier: ReplicationApplier
    private let settings: Settings
    private let logger: Logger
    private let onBehindRetention: @Sendable () throws -> Void
    private let isRunning = Locked(false)
    private let finished = DispatchSemaphore(value: 0)

    public init(peer: ReplicationPeer, secret: ReplicationSecret, node: ReplicationNode, applier: ReplicationApplier,
                settings: Settings = Settings(), logger: Logger, onBehindRetention: @escaping @Sendable () throws -> Void) {
        self.peer = peer
        self.secret = secret
        self.node = node
        self.applier = applier
        self.settings = settings
        self.logger = logger
        self.onBehindRetention = onBehindRetention
    }

    /// Starts the follower thread.
    public func start() {
        isRunning.withLock { $0 = true }
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "worldgame-repl-follow"
        thread.start()
    }

    /// Asks the thread to stop and waits for it (at most one poll's wait plus a margin). Idempotent.
    public func stop() {
        let wasRunning = isRunning.withLock { running in
            defer { running = false }
            return running
        }
        guard wasRunning else { return }
        _ = finished.wait(timeout: .now() + .seconds(Int(settings.wait.components.seconds) + 3))
    }

    private var shouldRun: Bool { isRunning.withLock { $0 } && node.role == .standby }

    private func run() {
        var client: HTTPClient?
        var failures = 0
        while shouldRun {
            do {
                if client == nil {
                    client = try HTTPClient(host: peer.host, port: peer.port, timeout: settings.wait + .seconds(5))
                }
                guard let connected = client else { continue }
                try pollOnce(connected)
                if failures > 0 { logger.info("replication stream resumed", [("peer", .string(peer.url))]) }
                failures = 0
            } catch ReplicationError.notStandby {
                break
            } catch {
                client?.close()
                client = nil
                failures += 1
                let isFatal = Self.needsOperator(error)
                if failures == 1 || isFatal {
                    logger.log(isFatal ? .error : .warning, "replication stream failed", [
                        ("peer", .string(peer.url)), ("error", .string(String(describing: error))),
                        ("failures", .int(Int64(failures)))])
                }
                Thread.sleep(forTimeInterval: Self.seconds(isFatal ? settings.slowRetryDelay : settings.retryDelay))
            }
        }
        client?.close()
    }

    /// One long poll: fetch, verify, apply.
    func pollOnce(_ client: HTTPClient) throws {
        let applied = node.current.headSeq
        let waitMilliseconds = Int(settings.wait.components.seconds) * 1000
            + Int(settings.wait.components.attoseconds / 1_000_000_000_000_000)
        let response = try client.send(
            .get, "/replication/records?after=\(applied)&wait_ms=\(waitMilliseconds)&standby=\(settings.standbyName)",
            headers: ReplicationHandshake.requestHeaders(secret: secret, version: node.version))
        let primaryVersion: NodeVersion
        do {
            primaryVersion = try ReplicationHandshake.checkPrimary(response, standby: node.version)
        } catch {
            // Refused by the one-release rule: nothing applied; `/ready` and `status` carry the reason until an
            // accepted exchange (the primary upgraded, or this node restarted with another release).
            node.update { state in
                state.peerVersion = NodeVersion(headers: response.headers)
                state.versionRefusal = error.description
            }
            throw error
        }
        node.update { state in
            state.peerVersion = primaryVersion
            state.versionRefusal = nil
        }
        switch response.status {
        case 200:
            noteHead(response.headers)
            let records = try ReplicationRecordCodec.decode(response.body)
            do {
                try applier.apply(records)
            } catch ReplicationError.rebootstrapNeeded(let seq, let reason) {
                logger.warning("standby re-bootstraps for a migration record", [
                    ("seq", .int(seq)), ("reason", .string(reason)), ("peer", .string(peer.url))])
                try onBehindRetention()
            }
        case 410:
            logger.warning("standby is behind the primary's log retention", [
                ("applied_seq", .int(applied)), ("peer", .string(peer.url))])
            try onBehindRetention()
        default:
            throw Self.refusal(response)
        }
    }

    /// Remembers what the primary said its head is (for lag).
    private func noteHead(_ headers: HTTPHeaders) {
        guard let seq = headers["x-replication-head-seq"].flatMap({ Int64($0) }) else { return }
        let committedAt = headers["x-replication-head-committed-at-ms"].flatMap { Int64($0) } ?? 0
        let term = headers["x-replication-term"].flatMap { Int64($0) } ?? 0
        node.update { state in
            state.primaryHeadSeq = max(state.primaryHeadSeq, seq)
            state.primaryHeadCommittedAtMilliseconds = committedAt
            state.term = max(state.term, term)
        }
    }

    /// The error for a primary's non-200 answer (its status, error code and the start of its message).
    public static func refusal(_ response: HTTPClientResponse) -> ReplicationError {
        let text = response.bodyText
        return .primaryRefused(status: response.status, code: text.contains("\"code\"") ? Self.code(in: text) : "",
                               message: String(text.prefix(300)))
    }

    /// The `code` of an error body, found without a JSON parser (best effort, for the log line).
    private static func code(in text: String) -> String {
        guard let range = text.range(of: "\"code\":\"") else { return "" }
        return String(text[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Errors a retry will not fix: wrong secret, diverged or corrupt logs.
    private static func needsOperator(_ error: any Error) -> Bool {
        switch error {
        case ReplicationError.primaryRefused(let status, _, _): status == 401 || status == 409 || status == 410
        case ReplicationError.checksumMismatch, ReplicationError.sequenceGap, StoreError.changesetConflict,
             ReplicationError.versionIncompatible, ReplicationError.migrationMissing: true
        default: false
        }
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
