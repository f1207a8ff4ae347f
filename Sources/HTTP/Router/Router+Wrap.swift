extension Router {
    /// Replaces every registered handler with `wrap(method, pattern, handler)`: one central check (for example a
    /// standby refusing writes) in front of all routes instead of one per route. Call before the server starts.
    public mutating func wrapHandlers(_ wrap: (HTTPMethod, String, @escaping HTTPHandler) -> HTTPHandler) {
        for nodeIndex in nodes.indices {
            for endpointIndex in nodes[nodeIndex].endpoints.indices {
                let endpoint = nodes[nodeIndex].endpoints[endpointIndex]
                nodes[nodeIndex].endpoints[endpointIndex].handler = wrap(endpoint.method, endpoint.pattern, endpoint.handler)
            }
        }
    }
}
