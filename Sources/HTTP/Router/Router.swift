/// Handler signature. Called on the connection's event loop; must call `responder.respond` exactly once, from any
/// thread, now or later. Never block in a handler.
public typealias HTTPHandler = @Sendable (HTTPRequest, RequestContext, Responder) -> Void

/// The route table: maps (method, path) to a handler, with `{name}` path parameters.
///
/// Built before the server starts and immutable afterwards (a value the loops share read-only). Internally a trie of
/// path segments stored in an array of nodes, so resolving walks the path once without allocating per segment.
/// Literal segments win over parameters (`/players/me` before `/players/{id}`), with backtracking.
public struct Router: Sendable {
    /// One registered (method, pattern).
    struct Endpoint: Sendable {
        var method: HTTPMethod
        var pattern: String
        /// Names of the `{name}` segments, in path order.
        var parameterNames: [String]
        var handler: HTTPHandler
    }

    /// A trie node: the children for the next segment and the endpoints ending here.
    struct Node: Sendable {
        /// Literal children with their segment's UTF-8 bytes (resolving compares bytes of the request path).
        var literalChildren: [(segment: [UInt8], node: Int)] = []
        var parameterChild: Int?
        var endpoints: [Endpoint] = []
    }

    /// `nodes[0]` is the root (the path `/`).
    var nodes: [Node] = [Node()]
    private var registrationOrder: [(method: HTTPMethod, pattern: String)] = []

    public init() {}

    /// Registers `handler` for `method` and `pattern`.
    ///
    /// Pattern segments are literals or `{name}`, e.g. `/api/land-squares/{id}`. Patterns are programmer input:
    /// a pattern not starting with `/`, an empty or repeated parameter name, or a duplicate (method, pattern) is a
    /// precondition failure.
    public mutating func add(_ method: HTTPMethod, _ pattern: String, handler: @escaping HTTPHandler) {
        precondition(pattern.hasPrefix("/"), "route pattern must start with '/': \(pattern)")
        var node = 0
        var parameterNames: [String] = []
        for segment in Self.segments(of: Substring(pattern)) {
            if segment.hasPrefix("{"), segment.hasSuffix("}") {
                let name = String(segment.dropFirst().dropLast())
                precondition(!name.isEmpty && !parameterNames.contains(name), "bad parameter in pattern \(pattern)")
                parameterNames.append(name)
                node = parameterChild(of: node)
            } else {
                precondition(!segment.contains("{") && !segment.contains("}"), "bad segment in pattern \(pattern)")
                node = literalChild(of: node, segment: String(segment))
            }
        }
        let isDuplicate = nodes[node].endpoints.contains { $0.method == method && $0.pattern == pattern }
        precondition(!isDuplicate, "duplicate route \(method) \(pattern)")
        nodes[node].endpoints.append(
            Endpoint(method: method, pattern: pattern, parameterNames: parameterNames, handler: handler)
        )
        registrationOrder.append((method, pattern))
    }

    /// Every registered (method, pattern), in registration order.
    public var routes: [(method: HTTPMethod, pattern: String)] { registrationOrder }

    /// The segments of a path or pattern: `/` has none, `/a/b/` has `a`, `b`, and an empty last segment.
    static func segments(of path: Substring) -> [Substring] {
        let rest = path.dropFirst()
        if rest.isEmpty { return [] }
        return rest.split(separator: "/", omittingEmptySubsequences: false)
    }

    private mutating func literalChild(of node: Int, segment: String) -> Int {
        let bytes = Array(segment.utf8)
        if let existing = nodes[node].literalChildren.first(where: { $0.segment == bytes }) {
            return existing.node
        }
        nodes.append(Node())
        nodes[node].literalChildren.append((bytes, nodes.count - 1))
        return nodes.count - 1
    }

    private mutating func parameterChild(of node: Int) -> Int {
        if let existing = nodes[node].parameterChild { return existing }
        nodes.append(Node())
        nodes[node].parameterChild = nodes.count - 1
        return nodes.count - 1
    }
}
