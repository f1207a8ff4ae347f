import API
import HTTP
import Replication

/// A player's write that reached the writer of a node that stopped being primary after the write guard let it
/// through (fenced, or stepped down, between the guard and the commit) is answered like the guard's own refusal:
/// 503 `not_primary`. The replication recorder throws it from inside the batch transaction, before `COMMIT`, so the
/// batch rolled back and nothing was applied: the 503 rule ("refused, nothing applied, safe to retry on the peer")
/// holds. Every other replication error is not a player's answer and stays a logged 500.
///
/// Lives in `App` because `API` does not import `Replication`.
extension ReplicationError: APIErrorRepresentable {
    public var status: HTTPStatus {
        if case .notPrimary = self { return .serviceUnavailable }
        return .internalServerError
    }

    public var code: String {
        if case .notPrimary = self { return ReplicationWriteGuard.notPrimaryCode }
        return "internal_error"
    }

    public var message: String {
        if case .notPrimary(let primaryURL) = self { return ReplicationWriteGuard.notPrimaryMessage(primaryURL: primaryURL) }
        return "The server hit an internal error; try again later."
    }

    public var headers: HTTPHeaders {
        if case .notPrimary = self { return ["retry-after": "1"] }
        return [:]
    }
}
