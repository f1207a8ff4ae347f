import HTTP

extension OpenAPIDocument {
    /// The 503 codes any write can get from the node itself, whatever the route: a full disk and a stale writer.
    static let nodeWriteErrors = "storage_full (the node's disk is full; retry after Retry-After, an operator is alerted), "
        + "writer_stale (another process wrote this node's database; retry on the other node)"

    /// `operation` with the node's write errors added to its 503 description (a 503 entry is added when it had none),
    /// for every `/api/` route that changes state (POST, PUT, PATCH, DELETE).
    static func withNodeWriteErrors(_ operation: OpenAPIOperation) -> OpenAPIOperation {
        guard operation.path.hasPrefix("/api/"), [.post, .put, .patch, .delete].contains(operation.method) else {
            return operation
        }
        var operation = operation
        let description = operation.responses[503].map { $0.description + ", " + nodeWriteErrors } ?? nodeWriteErrors
        operation.responses[503] = (description: description, schema: error)
        return operation
    }
}
