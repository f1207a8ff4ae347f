import HTTP

/// Why a planned switchover (`worldgame switchover`) did not move the primary role; each case says what happened to
/// the node and carries the facts the operator needs.
///
/// Every case but `outcomeUnknown` leaves the primary primary and taking writes (the switchover aborted and its pause,
/// if it began, ended).
public enum SwitchoverError: Error, CustomStringConvertible, Equatable {
    /// This node is not a primary that can hand its role over (a standby, or a fenced old primary).
    case notPrimary(role: String, isFenced: Bool)
    /// Another switchover is running on this node.
    case inProgress
    /// The node was started without `--peer` or without `--replication-secret-file`: it has no standby to hand to.
    case noPeer
    /// The standby could not be reached at `url`.
    case peerUnreachable(url: String, detail: String)
    /// The peer at `url` is not a standby of this primary that could take over (its role, term and fence).
    case peerNotStandby(url: String, role: String, term: Int64, isFenced: Bool)
    /// The standby had acknowledged `acknowledgedSeq` (nil: never heard from) of this primary's `headSeq` when the
    /// deadline of `waitedMilliseconds` passed.
    case standbyBehind(acknowledgedSeq: Int64?, headSeq: Int64, waitedMilliseconds: Int64)
    /// The standby refused the handoff (`status`, `code`, its message); this node took its role back.
    case handoffRefused(status: Int, code: String, message: String)
    /// This node stepped down (role standby, following the peer) but the peer did not confirm its promotion: `detail`.
    /// Check both nodes' `worldgame status`; promote one if neither is primary.
    case outcomeUnknown(detail: String)
    /// Storing the role change failed (the writer's error); the node stays primary.
    case storeFailed(detail: String)

    /// The HTTP status of the switchover route's answer.
    public var status: HTTPStatus {
        switch self {
        case .notPrimary, .inProgress, .noPeer, .peerNotStandby: .conflict
        case .peerUnreachable, .standbyBehind, .handoffRefused, .storeFailed: .serviceUnavailable
        case .outcomeUnknown: HTTPStatus(code: 504, reasonPhrase: "Gateway Timeout")
        }
    }

    /// The snake_case error code of the switchover route's answer.
    public var code: String {
        switch self {
        case .notPrimary: "not_primary"
        case .inProgress: "switchover_in_progress"
        case .noPeer: "no_peer"
        case .peerUnreachable: "peer_unreachable"
        case .peerNotStandby: "peer_not_standby"
        case .standbyBehind: "standby_behind"
        case .handoffRefused: "handoff_refused"
        case .outcomeUnknown: "switchover_outcome_unknown"
        case .storeFailed: "store_failed"
        }
    }

    public var description: String {
        switch self {
        case .notPrimary(let role, let isFenced):
            return "this node is a \(isFenced ? "fenced " : "")\(role), not a primary: run switchover against the primary"
        case .inProgress:
            return "a switchover is already running on this node"
        case .noPeer:
            return "this node has no standby to hand over to (start it with --peer and --replication-secret-file)"
        case .peerUnreachable(let url, let detail):
            return "the standby at \(url) cannot be reached (\(detail)); switchover aborted, this node stays primary"
        case .peerNotStandby(let url, let role, let term, let isFenced):
            return "the peer at \(url) is a \(isFenced ? "fenced " : "")\(role) in term \(term), not this primary's "
                + "standby; switchover aborted, this node stays primary"
        case .standbyBehind(let acknowledged, let head, let waited):
            return "the standby acknowledged seq \(acknowledged.map(String.init) ?? "nothing") of \(head) within "
                + "\(waited) ms; switchover aborted, this node stays primary and takes writes"
        case .handoffRefused(let status, let code, let message):
            return "the standby refused the handoff (\(status) \(code): \(message)); this node took its primary role "
                + "back and takes writes"
        case .outcomeUnknown(let detail):
            return "this node stepped down and follows its peer, but the peer did not confirm its promotion (\(detail)); "
                + "check `worldgame status` on both nodes and promote one if neither is primary"
        case .storeFailed(let detail):
            return "storing the role change failed (\(detail)); switchover aborted, this node stays primary"
        }
    }
}
