import Testing
@testable import HTTP

@Suite struct RouterTests {
    /// A handler that answers with its own name, so tests can tell which one matched.
    static func named(_ name: String) -> HTTPHandler {
        { _, _, responder in responder.respond(.text(name)) }
    }

    static func answer(of resolution: RouteResolution) -> String? {
        guard case .matched(let handler, _, _) = resolution else { return nil }
        let box = ResultBox()
        handler(HTTPRequest(method: .get, target: "/"), RequestContext(loopIndex: 0, requestID: "r", routePattern: ""),
                Responder { box.text = $0.bodyText })
        return box.text
    }

    /// Collects a handler's answer in a test.
    final class ResultBox: @unchecked Sendable {
        // Safety: written and read on the test's thread only (handlers here respond synchronously).
        var text: String?
    }

    static var router: Router {
        var router = Router()
        router.add(.get, "/", handler: named("root"))
        router.add(.get, "/api/players/me", handler: named("me"))
        router.add(.get, "/api/players/{id}", handler: named("player"))
        router.add(.delete, "/api/players/{id}", handler: named("delete-player"))
        router.add(.get, "/api/players/{id}/squares/{squareId}", handler: named("square"))
        router.add(.post, "/api/players/me/avatar", handler: named("avatar"))
        router.add(.get, "/api/regions/{id}/stats", handler: named("stats"))
        router.add(.head, "/api/health", handler: named("health-head"))
        router.add(.get, "/api/health", handler: named("health"))
        return router
    }

    static let matches: [(method: HTTPMethod, path: String, handler: String, pattern: String, parameters: [String: String])] = [
        (.get, "/", "root", "/", [:]),
        (.get, "/api/players/me", "me", "/api/players/me", [:]),
        (.get, "/api/players/42", "player", "/api/players/{id}", ["id": "42"]),
        (.delete, "/api/players/42", "delete-player", "/api/players/{id}", ["id": "42"]),
        (.get, "/api/players/a%20b%2Fc", "player", "/api/players/{id}", ["id": "a b/c"]),
        (.get, "/api/players/me/squares/7", "square", "/api/players/{id}/squares/{squareId}",
         ["id": "me", "squareId": "7"]),
        (.head, "/api/players/9", "player", "/api/players/{id}", ["id": "9"]),
        (.head, "/api/health", "health-head", "/api/health", [:]),
        (.get, "/api/regions/r1/stats", "stats", "/api/regions/{id}/stats", ["id": "r1"]),
    ]

    @Test(arguments: matches)
    func matchesRoutes(
        _ testCase: (method: HTTPMethod, path: String, handler: String, pattern: String, parameters: [String: String])
    ) throws {
        let resolution = Self.router.resolve(method: testCase.method, path: testCase.path)
        guard case .matched(_, let pattern, let parameters) = resolution else {
            Issue.record("\(testCase.method) \(testCase.path) did not match: \(resolution)")
            return
        }
        #expect(pattern == testCase.pattern)
        #expect(parameters == testCase.parameters)
        #expect(Self.answer(of: resolution) == testCase.handler)
    }

    static let misses: [(method: HTTPMethod, path: String)] = [
        (.get, "/api/players"),
        (.get, "/api/players/"),
        (.get, "/api/players//squares/1"),
        (.get, "/api/players/1/squares/2/extra"),
        (.get, "/api/players/%zz"),
        (.get, "/nope"),
        (.get, "*"),
        (.get, ""),
        (.get, "//"),
    ]

    @Test(arguments: misses)
    func reportsNotFound(_ testCase: (method: HTTPMethod, path: String)) {
        guard case .notFound = Self.router.resolve(method: testCase.method, path: testCase.path) else {
            Issue.record("\(testCase.path) should be notFound")
            return
        }
    }

    static let notAllowed: [(method: HTTPMethod, path: String, allowed: [HTTPMethod])] = [
        (.post, "/api/players/42", [.get, .head, .delete]),
        (.put, "/api/players/me", [.get, .head, .delete]),  // literal `me` plus `{id}` (DELETE /api/players/me matches)
        (.get, "/api/players/me/avatar", [.post]),
        (.delete, "/api/health", [.head, .get]),
    ]

    @Test(arguments: notAllowed)
    func reportsMethodNotAllowed(_ testCase: (method: HTTPMethod, path: String, allowed: [HTTPMethod])) {
        guard case .methodNotAllowed(let allowed) = Self.router.resolve(method: testCase.method, path: testCase.path) else {
            Issue.record("\(testCase.method) \(testCase.path) should be 405")
            return
        }
        #expect(allowed == testCase.allowed)
    }

    @Test func literalMissFallsBackToParameter() {
        // `/api/players/me/squares/1` shares the literal `me` with `/api/players/me/avatar`; the match must backtrack
        // into `{id}`.
        guard case .matched(_, let pattern, let parameters) = Self.router.resolve(method: .get,
                                                                                  path: "/api/players/me/squares/1")
        else {
            Issue.record("expected a match")
            return
        }
        #expect(pattern == "/api/players/{id}/squares/{squareId}")
        #expect(parameters["id"] == "me")
    }

    @Test func listsRoutesInRegistrationOrder() {
        let routes = Self.router.routes
        #expect(routes.map(\.method) == [.get, .get, .get, .delete, .get, .post, .get, .head, .get])
        #expect(routes.map(\.pattern).prefix(4) == ["/", "/api/players/me", "/api/players/{id}", "/api/players/{id}"])
    }

    @Test func differentParameterNamesMaySharePositions() {
        var router = Router()
        router.add(.get, "/a/{first}", handler: Self.named("one"))
        router.add(.get, "/a/{other}/b", handler: Self.named("two"))
        guard case .matched(_, _, let one) = router.resolve(method: .get, path: "/a/x"),
              case .matched(_, _, let two) = router.resolve(method: .get, path: "/a/y/b")
        else {
            Issue.record("expected matches")
            return
        }
        #expect(one == ["first": "x"])
        #expect(two == ["other": "y"])
    }
}
