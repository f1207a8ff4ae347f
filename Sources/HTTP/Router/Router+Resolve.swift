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
    /// `/x/` does not match `/x`. Works on the path's bytes with integer ranges: no array of segments, no
    /// `Substring`s (every request pays for this).
    public func resolve(method: HTTPMethod, path: String) -> RouteResolution {
        guard path.utf8.first == UInt8(ascii: "/") else { return .notFound }
        let bytes = Array(path.utf8)
        var values: [Range<Int>] = []
        var allowed: [HTTPMethod] = []
        // The first segment starts after the leading "/"; the path "/" has none.
        let first = bytes.count > 1 ? 1 : nil
        if let match = search(node: 0, path: bytes, segmentStart: first, values: &values, method: method,
                              allowed: &allowed) {
            var parameters: [String: String] = [:]
            for (name, range) in zip(match.parameterNames, values) {
                guard let decoded = HTTPRequestTarget.decode(bytes[range], plusAsSpace: false) else { return .notFound }
                parameters[name] = decoded
            }
            return .matched(handler: match.handler, pattern: match.pattern, parameters: parameters)
        }
        return allowed.isEmpty ? .notFound : .methodNotAllowed(allowed: allowed)
    }

    /// Depth-first search, literals before the parameter child. `segmentStart` is where the next segment begins in
    /// `path` (nil: no segments left). Returns the endpoint for `method` (with `values` holding the ranges of the
    /// parameter segments), or nil while collecting the methods of paths that match otherwise.
    private func search(
        node index: Int, path: [UInt8], segmentStart: Int?, values: inout [Range<Int>], method: HTTPMethod,
        allowed: inout [HTTPMethod]
    ) -> Endpoint? {
        guard let start = segmentStart else {
            return endpoint(in: nodes[index], for: method, allowed: &allowed)
        }
        var end = start
        while end < path.count, path[end] != UInt8(ascii: "/") { end += 1 }
        let next = end < path.count ? end + 1 : nil   // a trailing "/" leaves one empty last segment
        // The node is read in place (a copy of it retained and released its three arrays at every level).
        for child in nodes[index].literalChildren where Self.bytes(path, start..<end, equal: child.segment) {
            if let found = search(node: child.node, path: path, segmentStart: next, values: &values, method: method,
                                  allowed: &allowed) {
                return found
            }
        }
        if let child = nodes[index].parameterChild, end > start {
            values.append(start..<end)
            if let found = search(node: child, path: path, segmentStart: next, values: &values, method: method,
                                  allowed: &allowed) {
                return found
            }
            values.removeLast()
        }
        return nil
    }

    /// Whether `path[range]` spells `segment`.
    private static func bytes(_ path: [UInt8], _ range: Range<Int>, equal segment: [UInt8]) -> Bool {
        guard range.count == segment.count else { return false }
        var offset = 0
        for index in range {
            guard path[index] == segment[offset] else { return false }
            offset += 1
        }
        return true
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
