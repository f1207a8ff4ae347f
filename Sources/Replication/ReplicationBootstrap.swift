import Foundation
import HTTP
import Store

/// A standby's start-up step: decides whether it must copy the primary's database (empty database, or a position
/// the primary's log no longer reaches) and does so through `GET /replication/snapshot`.
///
/// Runs on the main thread before the node opens its database; blocking is fine there.
public enum ReplicationBootstrap {
    /// What the start-up check found.
    public enum Decision: Sendable, Equatable {
        /// The local log can follow the primary's.
        case follow(appliedSeq: Int64)
        /// A snapshot is needed, for `reason`.
        case bootstrap(reason: String)
    }

    /// Asks the primary whether it can serve records after `appliedSeq`.
    public static func decide(appliedSeq: Int64, peer: ReplicationPeer, secret: ReplicationSecret) throws -> Decision {
        if appliedSeq == 0 { return .bootstrap(reason: "empty database") }
        let client = try connect(peer)
        defer { client.close() }
        let response = try client.send(.get, "/replication/records?after=\(appliedSeq)&wait_ms=0&standby=bootstrap-check",
                                       headers: ["authorization": secret.authorizationHeader])
        switch response.status {
        case 200: return .follow(appliedSeq: appliedSeq)
        case 410: return .bootstrap(reason: "applied seq \(appliedSeq) is behind the primary's retention")
        default: throw ReplicationFollower.refusal(response)
        }
    }

    /// Downloads a snapshot and installs it at `databasePath`; returns the applied seq it continues from.
    @discardableResult
    public static func run(peer: ReplicationPeer, secret: ReplicationSecret, databasePath: String,
                           nowMilliseconds: Int64) throws -> Int64 {
        let client = try connect(peer, timeout: .seconds(300))
        defer { client.close() }
        let response = try client.send(.get, "/replication/snapshot", headers: ["authorization": secret.authorizationHeader])
        guard response.status == 200 else { throw ReplicationFollower.refusal(response) }
        let term = response.headers["x-replication-term"].flatMap { Int64($0) } ?? 1
        return try ReplicationSnapshot.install(response.body, databasePath: databasePath, term: term,
                                               nowMilliseconds: nowMilliseconds)
    }

    private static func connect(_ peer: ReplicationPeer, timeout: Duration = .seconds(10)) throws -> HTTPClient {
        do {
            return try HTTPClient(host: peer.host, port: peer.port, timeout: timeout)
        } catch {
            throw ReplicationError.primaryUnreachable(url: peer.url, detail: String(describing: error))
        }
    }
}
