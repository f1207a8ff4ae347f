import Codecs
import Crypto

/// What `GET /replication/status` and `worldgame status` report about a node's replication position.
///
/// A plain value made from `ReplicationNode.State`; `lastSeq` is the primary's newest record (as this node knows
/// it), `appliedSeq` the newest record in this node's own log.
public struct ReplicationStatus: Sendable, Codable, Equatable {
    public var role: ReplicationRole
    public var term: Int64
    public var lastSeq: Int64
    public var appliedSeq: Int64
    public var lagRecords: Int64
    public var lagMilliseconds: Int64
    /// The running checksum through `appliedSeq`, hex.
    public var checksum: String
    /// On a standby: the primary it follows.
    public var primary: String?
    /// On a primary: each standby's acknowledged seq.
    public var standbys: [String: Int64]
    /// True on a fenced old primary (absent otherwise): `primary` is the node that fenced it, `term` that node's.
    public var fenced: Bool?
    /// This node's release, schema version and replication protocol (absent from releases before 0.6.0).
    public var version: NodeVersion?
    /// The peer's, as of its last replication exchange: a standby's primary, a primary's last standby.
    public var peerVersion: NodeVersion?
    /// Why the one-release rule refuses this pair, when it does.
    public var versionRefusal: String?

    public init(state: ReplicationNode.State, nowMilliseconds: Int64, version: NodeVersion? = nil) {
        role = state.role
        term = state.term
        lastSeq = max(state.primaryHeadSeq, state.headSeq)
        appliedSeq = state.headSeq
        lagRecords = state.lagRecords
        lagMilliseconds = state.lagMilliseconds(nowMilliseconds: nowMilliseconds)
        checksum = Hex.encode(state.headChecksum)
        primary = state.role == .standby ? state.primaryURL : nil
        standbys = [:]
        fenced = state.isFenced ? true : nil
        self.version = version
        peerVersion = state.peerVersion
        versionRefusal = state.versionRefusal
    }
}
