import HTTP

/// One entry of the route table: a method and path template, the listeners that serve it, the OpenAPI operation
/// that documents it and the handler that answers it.
///
/// Both the routers and the OpenAPI document are built from `RouteTable.routes`, so a route cannot be served
/// without being documented, nor documented without being served by a node that has all of its handlers. The
/// operation is looked up by method and path among `OpenAPIDocument.catalogue` when the entry is made; an entry
/// with no documented operation is a programmer error (a precondition failure when the table is first built, which
/// every test of the API reaches).
public struct Route: Sendable {
    /// Picks this route's handler out of the handlers a router is built with; nil when that router does not serve
    /// the route (a node without replication has no replication handlers; a test server may have no market).
    public typealias HandlerSelector = @Sendable (RouteHandlers) -> HTTPHandler?

    public let operation: OpenAPIOperation
    public let listeners: RouteListeners
    let handler: HandlerSelector

    public var method: HTTPMethod { operation.method }
    /// The router pattern, e.g. `/api/land-squares/{id}` (OpenAPI uses the same `{name}` syntax).
    public var path: String { operation.path }

    init(_ method: HTTPMethod, _ path: String, on listeners: RouteListeners, handler: @escaping HandlerSelector) {
        let documented = OpenAPIDocument.catalogue.first { $0.method == method && $0.path == path }
        guard let documented else { preconditionFailure("route \(method.rawValue) \(path) has no OpenAPI operation") }
        self.operation = documented
        self.listeners = listeners
        self.handler = handler
    }
}

/// The listeners a route is served on.
///
/// The public API listener (behind nginx) serves the game API and the probes; the internal listener (the private
/// network between the two nodes) serves the probes, `/metrics` and the replication endpoints.
public struct RouteListeners: OptionSet, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// The public API listener (`serve --bind/--port`).
    public static let api = RouteListeners(rawValue: 1 << 0)
    /// The internal listener (`serve --internal-bind/--internal-port`).
    public static let internalNetwork = RouteListeners(rawValue: 1 << 1)
    /// Both listeners (the probes).
    public static let both: RouteListeners = [.api, .internalNetwork]
}
