import HTTP

/// The check in front of every route of a replicating node (`Router.wrapHandlers`): on a node that is not primary,
/// anything but GET and HEAD answers 503 `not_primary` naming the primary; on a primary handing its role over
/// (`worldgame switchover`), 503 `switching_over` with `Retry-After: 1`.
///
/// Why a type: which requests a standby refuses, and how it says so, is replication policy shared by both listeners
/// and the socket commands. Reads the node's live role on the calling event loop for every request.
public struct ReplicationWriteGuard: Sendable {
    /// Routes that change nothing, or that replication itself needs, pass the guard.
    public static let exemptPatterns: Set<String> = ["/replication/promote", "/replication/switchover",
                                                     "/replication/handoff"]

    private let node: ReplicationNode

    public init(node: ReplicationNode) {
        self.node = node
    }

    /// The 503 every write gets on a standby (with `Retry-After: 1`: the peer is the primary, or will be shortly).
    public static func notPrimaryResponse(primaryURL: String?) -> HTTPResponse {
        var response = HTTPResponse.error(.serviceUnavailable, code: notPrimaryCode,
                                          message: notPrimaryMessage(primaryURL: primaryURL))
        response.headers.set("retry-after", "1")
        return response
    }

    /// The code and message of that 503 (the socket's commands answer with them too).
    public static let notPrimaryCode = "not_primary"
    public static func notPrimaryMessage(primaryURL: String?) -> String {
        "this node is a standby and takes no writes; the primary is \(primaryURL ?? "unknown")"
    }

    /// The 503 every write gets while the node hands its primary role over: retry in a second (on the new primary).
    public static func switchingOverResponse() -> HTTPResponse {
        var response = HTTPResponse.error(.serviceUnavailable, code: switchingOverCode, message: switchingOverMessage)
        response.headers.set("retry-after", "1")
        return response
    }

    /// The code and message of that 503 (the socket's commands answer with them too).
    public static let switchingOverCode = "switching_over"
    public static let switchingOverMessage =
        "the primary role is moving to the other node (a planned switchover); nothing was saved, retry in a second"

    /// The request header a front (nginx) sets on a player's WebSocket handshake to say "this socket must reach the
    /// primary": its bids and merges are writes. Sockets without it (a read-only consumer of a standby's events) are
    /// admitted on any node.
    public static let primaryOnlyHeader = "x-worldgame-role"

    /// The handshake refusal of a socket that must reach the primary (`primaryOnlyHeader: primary`) on a node that is
    /// not the primary, or is handing the role over: the same 503 a write gets (`not_primary` naming the primary,
    /// `switching_over` with `Retry-After: 1`), so nginx (`proxy_next_upstream http_503` on the WebSocket location)
    /// hands the upgrade to the peer. Nothing is applied by a refused handshake. Nil: admit.
    public func socketRefusal(for request: HTTPRequest) -> HTTPResponse? {
        guard request.headers[Self.primaryOnlyHeader]?.lowercased() == "primary" else { return nil }
        let state = node.current
        if state.isSwitchingOver { return Self.switchingOverResponse() }
        guard state.role == .primary else { return Self.notPrimaryResponse(primaryURL: state.primaryURL) }
        return nil
    }

    /// Wraps `handler` of the route `method` `pattern` (the `Router.wrapHandlers` signature).
    public func wrap(method: HTTPMethod, pattern: String, handler: @escaping HTTPHandler) -> HTTPHandler {
        guard method != .get, method != .head, !Self.exemptPatterns.contains(pattern) else { return handler }
        let node = node
        return { request, context, responder in
            let state = node.current
            if state.isSwitchingOver { return responder.respond(Self.switchingOverResponse()) }
            guard state.role == .primary else {
                return responder.respond(Self.notPrimaryResponse(primaryURL: state.primaryURL))
            }
            handler(request, context, responder)
        }
    }
}
