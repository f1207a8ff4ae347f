import HTTP

extension OpenAPIDocument {
    /// The replication endpoints between the two nodes of a pair (served on the internal listener only, with handlers
    /// from the `Replication` module; `docs/replication.md`).
    /// They authenticate with the pair's shared secret as `Authorization: Bearer <secret>`, not a player token.
    static var replicationOperations: [OpenAPIOperation] {
        let secret = "Authorization: Bearer <replication secret>. "
        let binary: JSONValue = ["type": "string", "format": "binary"]
        let status: JSONValue = ["type": "object"]
        let disabled = "replication_disabled (no --replication-secret-file)"
        func integer(_ name: String, minimum: Int64, maximum: Int64? = nil, required: Bool = false) -> JSONValue {
            var schema: [String: JSONValue] = ["type": "integer", "minimum": .integer(minimum)]
            if let maximum { schema["maximum"] = .integer(maximum) }
            return parameter(name, in: "query", required: required, schema: .object(schema))
        }
        func text(_ name: String, in location: String = "query", required: Bool = false) -> JSONValue {
            parameter(name, in: location, required: required, schema: ["type": "string"])
        }
        return [
            OpenAPIOperation(
                method: .get, path: "/replication/records", operationID: "getReplicationRecords",
                summary: secret + "Log records after a seq, framed (docs/replication.md); long-polls up to wait_ms; "
                    + "after is also the standby's acknowledgement",
                tag: "replication", access: .open,
                parameters: [integer("after", minimum: 0), integer("wait_ms", minimum: 0), text("standby")],
                responses: responses(200, "Framed records (empty: nothing new)", binary, errors: [
                    400: "invalid_after", 401: "unauthorized", 409: "ahead_of_primary", 404: disabled,
                    410: "behind_retention: bootstrap from /replication/snapshots", 503: "not_primary",
                ]),
                successContentType: "application/vnd.worldgame.replication-records"),
            OpenAPIOperation(
                method: .post, path: "/replication/snapshots", operationID: "createReplicationSnapshot",
                summary: secret + "Take a consistent online backup into the data dir for a standby to fetch in ranges",
                tag: "replication", access: .open,
                responses: responses(201, "id, byteSize, sha256, headSeq, term, schemaVersion", ["type": "object"], errors: [
                    401: "unauthorized", 404: disabled, 500: "snapshot_failed", 503: "not_primary",
                ])),
            OpenAPIOperation(
                method: .get, path: "/replication/snapshots/{id}", operationID: "getReplicationSnapshotRange",
                summary: secret + "Up to length bytes (at most 8 MiB) of a snapshot file from offset",
                tag: "replication", access: .open,
                parameters: [text("id", in: "path", required: true), integer("offset", minimum: 0),
                             integer("length", minimum: 1, maximum: 8_388_608)],
                responses: responses(200, "Bytes of the SQLite database file", binary, errors: [
                    400: "invalid_range", 401: "unauthorized", 404: "snapshot_not_found or replication_disabled",
                    500: "snapshot_failed", 503: "not_primary",
                ]),
                successContentType: "application/octet-stream"),
            OpenAPIOperation(
                method: .delete, path: "/replication/snapshots/{id}", operationID: "deleteReplicationSnapshot",
                summary: secret + "Remove a snapshot file once the standby has it", tag: "replication", access: .open,
                parameters: [text("id", in: "path", required: true)],
                responses: responses(204, "Removed", nil, errors: [
                    401: "unauthorized", 404: "snapshot_not_found or replication_disabled", 503: "not_primary",
                ])),
            OpenAPIOperation(
                method: .get, path: "/replication/status", operationID: "getReplicationStatus",
                summary: "Role, term, last and applied seq, lag in records and ms, checksum", tag: "replication",
                access: .open, responses: [200: ("Replication status", status)]),
            OpenAPIOperation(
                method: .post, path: "/replication/promote", operationID: "promoteNode",
                summary: secret + "Promote this standby: bump the term and take writes", tag: "replication",
                access: .open,
                responses: responses(200, "The new replication status", status, errors: [
                    401: "unauthorized", 404: disabled, 409: "promotion_failed",
                ])),
            OpenAPIOperation(
                method: .post, path: "/replication/switchover", operationID: "switchOver",
                summary: secret + "On the primary: hand the primary role to the standby (writes answer 503 "
                    + "switching_over with Retry-After: 1 for the pause) and follow it without a rewind",
                tag: "replication", access: .open,
                parameters: [integer("catch_up_timeout_ms", minimum: 1, maximum: 600_000)],
                responses: responses(200, "oldTerm, newTerm, headSeq, newPrimary, pauseMilliseconds, catchUpMilliseconds, "
                                     + "totalMilliseconds", status, errors: [
                    400: "invalid_catch_up_timeout", 401: "unauthorized", 404: disabled,
                    409: "not_primary, switchover_in_progress, no_peer or peer_not_standby (nothing changed)",
                    503: "peer_unreachable, standby_behind, handoff_refused or store_failed (aborted: still primary), "
                        + "switchover_unavailable",
                    504: "switchover_outcome_unknown (this node stepped down; check both nodes)",
                ])),
            OpenAPIOperation(
                method: .post, path: "/replication/handoff", operationID: "takeOverPrimary",
                summary: secret + "On the standby, called by its switching primary: promote this node if it applied "
                    + "exactly the primary's final head (seq and checksum) of its term",
                tag: "replication", access: .open,
                parameters: [integer("term", minimum: 1, required: true), integer("seq", minimum: 0, required: true),
                             text("checksum", required: true)],
                responses: responses(200, "The new replication status", status, errors: [
                    400: "invalid_handoff", 401: "unauthorized", 404: disabled, 409: "handoff_refused or promotion_failed",
                ])),
        ]
    }
}
