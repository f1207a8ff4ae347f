import Foundation
import HTTP
import Store

/// A standby's start-up step: decides whether it must copy the primary's database (empty database, or a position
/// the primary's log no longer reaches) and does so through the primary's snapshot endpoints, in ranges.
///
/// `run` runs on the main thread before the node opens its database; `runOnline` on the follower thread of a running
/// standby. Both block (network, disk).
public enum ReplicationBootstrap {
    /// What the start-up check found.
    public enum Decision: Sendable, Equatable {
        /// The local log can follow the primary's.
        case follow(appliedSeq: Int64)
        /// A snapshot is needed, for `reason`.
        case bootstrap(reason: String)
    }

    /// Asks the primary whether it can serve records after `appliedSeq`. The question is also an acknowledgement
    /// (`after`), so it is asked under the follower's own standby name: under a name of its own it would pin the
    /// primary's pruning at `appliedSeq` until the primary restarts.
    /// The primary's version is checked first (`ReplicationHandshake`: `ReplicationError.versionIncompatible`).
    public static func decide(appliedSeq: Int64, peer: ReplicationPeer, secret: ReplicationSecret,
                              standbyName: String = ReplicationFollower.Settings().standbyName,
                              version: NodeVersion = .running(schemaVersion: nil)) throws -> Decision {
        if appliedSeq == 0 { return .bootstrap(reason: "empty database") }
        let client = try connect(peer)
        defer { client.close() }
        let response = try client.send(.get, "/replication/records?after=\(appliedSeq)&wait_ms=0&standby=\(standbyName)",
                                       headers: ReplicationHandshake.requestHeaders(secret: secret, version: version))
        try ReplicationHandshake.checkPrimary(response, standby: version)
        switch response.status {
        case 200: return .follow(appliedSeq: appliedSeq)
        case 410: return .bootstrap(reason: "applied seq \(appliedSeq) is behind the primary's retention")
        default: throw ReplicationFollower.refusal(response)
        }
    }

    /// Downloads a snapshot and installs it at `databasePath` (nothing may have it open); returns the applied seq it
    /// continues from.
    @discardableResult
    public static func run(peer: ReplicationPeer, secret: ReplicationSecret, databasePath: String,
                           nowMilliseconds: Int64, version: NodeVersion = .running(schemaVersion: nil)) throws -> Int64 {
        let temporaryPath = databasePath + ".bootstrap"
        defer { removeFiles(temporaryPath) }
        let snapshot = try ReplicationSnapshotDownload(peer: peer, secret: secret, version: version).run(to: temporaryPath)
        let position = try ReplicationSnapshot.prepare(temporaryPath, term: snapshot.term, nowMilliseconds: nowMilliseconds)
        try ReplicationSnapshot.installFile(temporaryPath, databasePath: databasePath)
        return position.seq
    }

    /// Re-bootstraps a running standby that fell behind the primary's retention: downloads a snapshot next to the
    /// database, then installs it through `writer` while the node keeps serving reads. Returns the new applied seq.
    /// A snapshot of another schema version is refused before its download; `isStopRequested` is asked before each
    /// range and before the installation (`ReplicationError.stopRequested`). The download file goes on every exit.
    @discardableResult
    public static func runOnline(peer: ReplicationPeer, secret: ReplicationSecret, writer: Writer,
                                 node: ReplicationNode, nowMilliseconds: Int64,
                                 isStopRequested: @escaping @Sendable () -> Bool = { false }) throws -> Int64 {
        let temporaryPath = writer.configuration.path + ".rebootstrap"
        defer { removeFiles(temporaryPath) }
        var download = ReplicationSnapshotDownload(peer: peer, secret: secret, version: node.version)
        download.localSchemaVersion = try schemaVersion(of: writer.configuration)
        download.isStopRequested = isStopRequested
        let snapshot = try download.run(to: temporaryPath)
        guard !isStopRequested() else { throw ReplicationError.stopRequested(step: "installing the snapshot") }
        let position = try ReplicationSnapshot.prepare(temporaryPath, term: snapshot.term, nowMilliseconds: nowMilliseconds)
        try ReplicationSnapshot.installOnline(temporaryPath, position: position, writer: writer, node: node)
        return position.seq
    }

    /// Removes download files a previous run left next to the database at `databasePath` (a crash or a stop during a
    /// bootstrap). Call at node start, before any bootstrap.
    public static func removeLeftovers(databasePath: String) {
        removeFiles(databasePath + ".bootstrap")
        removeFiles(databasePath + ".rebootstrap")
    }

    /// The schema version of the database `store` points at, read on a connection of its own.
    private static func schemaVersion(of store: StoreConfiguration) throws -> Int {
        let connection = try Connection(configuration: store, readOnly: true)
        defer { connection.close() }
        return try BackupMaker.schemaVersion(of: connection)
    }

    private static func removeFiles(_ path: String) {
        for suffix in ["", "-wal", "-shm", "-journal"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }

    private static func connect(_ peer: ReplicationPeer, timeout: Duration = .seconds(10)) throws -> HTTPClient {
        do {
            return try HTTPClient(host: peer.host, port: peer.port, timeout: timeout)
        } catch {
            throw ReplicationError.primaryUnreachable(url: peer.url, detail: String(describing: error))
        }
    }
}
