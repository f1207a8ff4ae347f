import HTTP

extension OpenAPIDocument {
    /// The rule every write's 503 follows, first in its description: nginx retries such a write on the peer.
    static let notAppliedRule = "Refused before anything was applied; safe to retry (on the peer, after Retry-After)"

    /// The 503 codes any write can get from the node itself, whatever the route: a full disk, a stale writer, and on
    /// a replicating pair a standby (or fenced node) and a switchover's pause.
    static let nodeWriteErrors = "storage_full (the node's disk is full; retry after Retry-After, an operator is alerted), "
        + "writer_stale (another process wrote this node's database; retry on the other node), "
        + "not_primary (this node is a standby; the primary takes the write), "
        + "switching_over (the primary role is moving; retry in a second)"

    /// The 504 of any write: the outcome is unknown, so the write must not be retried blindly (nginx never does).
    static let outcomeUnknownErrors = "Outcome unknown: the change may have been saved; check its effect before "
        + "retrying. commit_unconfirmed (the node lost its primary role, or its disk failed to confirm the commit, "
        + "before the change was confirmed)"

    /// `operation` with the node's write errors added to its 503 description (a 503 entry is added when it had none)
    /// and the 504 of an unknown outcome, for every `/api/` route that changes state (POST, PUT, PATCH, DELETE).
    static func withNodeWriteErrors(_ operation: OpenAPIOperation) -> OpenAPIOperation {
        guard operation.path.hasPrefix("/api/"), [.post, .put, .patch, .delete].contains(operation.method) else {
            return operation
        }
        var operation = operation
        let codes = operation.responses[503].map { $0.description + ", " + nodeWriteErrors } ?? nodeWriteErrors
        operation.responses[503] = (description: notAppliedRule + ": " + codes, schema: error)
        operation.responses[504] = (description: outcomeUnknownErrors, schema: error)
        return operation
    }
}
