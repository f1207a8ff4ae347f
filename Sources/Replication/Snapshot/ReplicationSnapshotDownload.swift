import Codecs
import Crypto
import Foundation
import HTTP
import Store

/// A standby's download of a primary's snapshot: asks the primary to take one (`POST /replication/snapshots`), fetches
/// it in ranges of `chunkBytes` into a file, fsyncs it, checks its size and SHA-256 against what the primary announced
/// and runs `PRAGMA integrity_check` on it, then tells the primary to drop its copy.
///
/// Memory stays at about one chunk whatever the database size. Blocking (network, disk): runs on the calling thread
/// (the main thread at start-up, the follower thread when re-bootstrapping), never on an event loop.
public struct ReplicationSnapshotDownload: Sendable {
    public var peer: ReplicationPeer
    public var secret: ReplicationSecret
    public var chunkBytes = 4 << 20
    /// How long one request may take (taking a snapshot of a large database on the primary takes a while).
    public var timeout: Duration = .seconds(600)
    /// This node's schema version: a snapshot of another version is refused before any byte is fetched
    /// (`ReplicationError.snapshotSchemaMismatch`). Nil: no check (start-up, where migrations follow).
    public var localSchemaVersion: Int?
    /// Asked before each range: true stops the download (`ReplicationError.stopRequested`), e.g. when the node stops.
    public var isStopRequested: @Sendable () -> Bool = { false }
    /// This node's version, sent with every request; the primary's answer is checked against it
    /// (`ReplicationHandshake`) before any range is fetched.
    public var version: NodeVersion

    public init(peer: ReplicationPeer, secret: ReplicationSecret, version: NodeVersion = .running(schemaVersion: nil)) {
        self.peer = peer
        self.secret = secret
        self.version = version
    }

    /// Downloads a fresh snapshot to the new file `path` (replacing any file there) and returns what the primary
    /// announced for it. On any failure the partial file is removed and the primary is told to drop its copy.
    public func run(to path: String) throws -> ReplicationSnapshotStore.Snapshot {
        let client: HTTPClient
        do {
            client = try HTTPClient(host: peer.host, port: peer.port, timeout: timeout)
        } catch {
            throw ReplicationError.primaryUnreachable(url: peer.url, detail: String(describing: error))
        }
        defer { client.close() }
        let authorization = ReplicationHandshake.requestHeaders(secret: secret, version: version)
        let created = try client.send(.post, "/replication/snapshots", headers: authorization)
        try ReplicationHandshake.checkPrimary(created, standby: version)
        guard created.status == 201 else { throw ReplicationFollower.refusal(created) }
        let snapshot: ReplicationSnapshotStore.Snapshot
        do {
            snapshot = try JSONDecoder().decode(ReplicationSnapshotStore.Snapshot.self, from: Data(created.body))
        } catch {
            throw ReplicationError.snapshotFailed(step: "reading the snapshot description", detail: "\(error)")
        }
        do {
            if let localSchemaVersion, snapshot.schemaVersion != localSchemaVersion {
                throw ReplicationError.snapshotSchemaMismatch(snapshotVersion: snapshot.schemaVersion,
                                                              localVersion: localSchemaVersion)
            }
            try fetch(snapshot, with: client, to: path)
            try BackupMaker.checkIntegrity(of: path)
        } catch {
            try? FileManager.default.removeItem(atPath: path)
            // A fresh connection with a short timeout: the failure may have been this client's (long) timeout.
            let dropping = try? HTTPClient(host: peer.host, port: peer.port, timeout: .seconds(10))
            _ = try? dropping?.send(.delete, "/replication/snapshots/\(snapshot.id)", headers: authorization)
            dropping?.close()
            throw error
        }
        _ = try? client.send(.delete, "/replication/snapshots/\(snapshot.id)", headers: authorization)
        return snapshot
    }

    /// Fetches every range of `snapshot` into `path`, hashing as it goes, then fsyncs and checks size and digest.
    private func fetch(_ snapshot: ReplicationSnapshotStore.Snapshot, with client: HTTPClient, to path: String) throws {
        try? FileManager.default.removeItem(atPath: path)
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
            throw ReplicationError.snapshotFailed(step: "creating \(path)", detail: "create failed")
        }
        let handle: FileHandle
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        } catch {
            throw ReplicationError.snapshotFailed(step: "opening \(path)", detail: error.localizedDescription)
        }
        defer { try? handle.close() }
        let digest = SHA256Stream()
        var offset: Int64 = 0
        while offset < snapshot.byteSize {
            guard !isStopRequested() else {
                throw ReplicationError.stopRequested(step: "downloading snapshot \(snapshot.id) at byte \(offset)")
            }
            let response = try client.send(
                .get, "/replication/snapshots/\(snapshot.id)?offset=\(offset)&length=\(chunkBytes)",
                headers: ReplicationHandshake.requestHeaders(secret: secret, version: version))
            guard response.status == 200 else { throw ReplicationFollower.refusal(response) }
            let expected = Int(min(Int64(chunkBytes), snapshot.byteSize - offset))
            guard response.body.count == expected else {
                throw ReplicationError.snapshotFailed(step: "range at \(offset)",
                                                      detail: "received \(response.body.count) bytes, expected \(expected)")
            }
            do {
                try handle.write(contentsOf: response.body)
            } catch {
                throw ReplicationError.snapshotFailed(step: "writing \(path)", detail: error.localizedDescription)
            }
            digest.update(response.body)
            offset += Int64(expected)
        }
        do {
            try handle.synchronize()
        } catch {
            throw ReplicationError.snapshotFailed(step: "fsync of \(path)", detail: error.localizedDescription)
        }
        let sha256 = Hex.encode(digest.finalize())
        guard sha256 == snapshot.sha256 else {
            throw ReplicationError.snapshotFailed(step: "checking the SHA-256 of \(path)",
                                                  detail: "computed \(sha256), the primary announced \(snapshot.sha256)")
        }
    }
}
