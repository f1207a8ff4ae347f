/// The outcome of looking up a request in the `Router`.
///
/// A plain value produced on the connection's event loop.
public enum RouteResolution: Sendable {
    /// A route matched; `parameters` are percent-decoded.
    case matched(handler: HTTPHandler, pattern: String, parameters: [String: String])
    /// The path exists for other methods: the server answers 405 with `Allow` listing `allowed`
    /// (HEAD is included wherever GET is).
    case methodNotAllowed(allowed: [HTTPMethod])
    /// No route has this path.
    case notFound
}

extension Router {
    /// Finds the handler for `method` and `path` (the request's raw, still percent-encoded path).
    ///
    /// HEAD falls back to the GET handler. A parameter matches one non-empty segment and is percent-decoded after
    /// splitting, so `%2F` never crosses segments; a segment with invalid percent-encoding matches no parameter.
    /// `/x/` does not match `/x`.
    public func resolve(method: HTTPMethod, path: String) -> RouteResolution {
        guard path.utf8.first == UInt8(ascii: "/") else { return .notFound }
        let segments = Self.segments(of: Substring(path))
        var values: [Substring] = []
        var allowed: [HTTPMethod] = []
        if let match = search(node: 0, segments: segments[...], values: &values, method: method, allowed: &allowed) {
            var parameters: [String: String] = [:]
            for (name, raw) in zip(match.parameterNames, values) {
                guard let decoded = HTTPRequestTarget.decode(raw.utf8, plusAsSpace: false) else { return .notFound }
                parameters[name] = decoded
            }
            return .matched(handler: match.handler, pattern: match.pattern, parameters: parameters)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    /// Depth-first search, literals before the parameter child. Returns the endpoint for `method` (with `values`
    /// holding the raw parameter segments), or nil while collecting the methods of paths that match otherwise.
    private func search(
        node index: Int, segments: ArraySlice<Substring>, values: inout [Substring], method: HTTPMethod,
        allowed: inout [HTTPMethod]
    ) -> Endpoint? {
        let node = nodes[index]
        guard let segment = segments.first else {
            return endpoint(in: node, for: method, allowed: &allowed)
        }
        let rest = segments.dropFirst()
        for child in node.literalChildren where child.segment.utf8.elementsEqual(segment.utf8) {
            if let found = search(node: child.node, segments: rest, values: &values, method: method, allowed: &allowed) {
                return found
            }
        }
        if let child = node.parameterChild, !segment.isEmpty {
            values.append(segment)
            if let found = search(node: child, segments: rest, values: &values, method: method, allowed: &allowed) {
                return found
            }
            values.removeLast()
        }
        return nil
    }

    /// The endpoint of `node` for `method` (HEAD falling back to GET); otherwise records the node's methods.
    private func endpoint(in node: Node, for method: HTTPMethod, allowed: inout [HTTPMethod]) -> Endpoint? {
        if let exact = node.endpoints.first(where: { $0.method == method }) { return exact }
        if method == .head, let get = node.endpoints.first(where: { $0.method == .get }) { return get }
        for endpoint in node.endpoints where !allowed.contains(endpoint.method) {
            allowed.append(endpoint.method)
            if endpoint.method == .get, !node.endpoints.contains(where: { $0.method == .head }),
               !allowed.contains(.head) {
                allowed.append(.head)
            }
        }
        return nil
    }
}
