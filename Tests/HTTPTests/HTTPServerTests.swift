import Dispatch
import Foundation
@testable import HTTP
import Net
import Synchronization
import Testing

/// End-to-end tests of `HTTPServer` over real 127.0.0.1 sockets with raw blocking clients.
@Suite struct HTTPServerTests {
    static func echoRoutes(_ router: inout Router) {
        router.add(.get, "/hello") { _, _, responder in responder.respond(.text("hello")) }
        router.add(.post, "/echo") { request, _, responder in
            responder.respond(HTTPResponse(status: .ok, body: request.body))
        }
        router.add(.get, "/items/{id}") { request, context, responder in
            responder.respond(.text("item \(request.parameter("id") ?? "?") via \(context.routePattern)"))
        }
        router.add(.get, "/slow/{milliseconds}") { request, _, responder in
            let delay = Int(request.parameter("milliseconds") ?? "0") ?? 0
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(delay)) {
                responder.respond(.text("slept \(delay)"))
            }
        }
    }

    @Test func getAndPostOnOneKeepAliveConnection() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try client.readResponse()
        #expect(first.status == 200)
        #expect(first.bodyText == "hello")
        #expect(first.header("x-request-id")?.count == 16)
        #expect(first.header("connection") == nil)
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world")
        let second = try client.readResponse()
        #expect(second.status == 200)
        #expect(second.bodyText == "hello world")
        #expect(server.server.openConnectionCount == 1)
        let records = server.records.all
        #expect(records.map(\.routePattern) == ["/hello", "/echo"])
        #expect(records.allSatisfy { $0.remoteAddress.hasPrefix("127.0.0.1:") })
    }

    @Test func pathParametersAndRoutePattern() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        let client = try server.client()
        try client.send("GET /items/a%20b HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().bodyText == "item a b via /items/{id}")
    }

    @Test func pipelinedResponsesComeBackInRequestOrder() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        let client = try server.client()
        try client.send("GET /slow/300 HTTP/1.1\r\nHost: x\r\n\r\nGET /slow/150 HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /slow/0 HTTP/1.1\r\nHost: x\r\n\r\n")
        let bodies = try (0..<3).map { _ in try client.readResponse().bodyText }
        #expect(bodies == ["slept 300", "slept 150", "slept 0"])
        let ids = server.records.all.map(\.requestID)
        #expect(Set(ids).count == 3)
    }

    @Test func expectContinueGetsInterimResponseBeforeBody() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let interim = try client.readResponse()
        #expect(interim.status == 100)
        try client.send("ping")
        let final = try client.readResponse()
        #expect(final.status == 200)
        #expect(final.bodyText == "ping")
    }

    @Test func chunkedRequestBodyIsDechunked() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n")
        try client.send("6\r\n world\r\n0\r\n\r\n")
        #expect(try client.readResponse().bodyText == "hello world")
    }

    @Test func headResponseHasNoBody() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        let client = try server.client()
        try client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\nGET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try client.readResponse(isHead: true)
        #expect(head.status == 200)
        #expect(head.header("content-length") == "5")
        #expect(try client.readResponse().bodyText == "hello")
    }

    @Test func unknownPathIs404AndWrongMethodIs405WithAllow() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        let client = try server.client()
        try client.send("GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
        let missing = try client.readResponse()
        #expect(missing.status == 404)
        #expect(missing.bodyText.contains("\"not_found\""))
        try client.send("DELETE /echo HTTP/1.1\r\nHost: x\r\n\r\n")
        let wrongMethod = try client.readResponse()
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.header("allow") == "POST")
        #expect(wrongMethod.bodyText.contains("\"method_not_allowed\""))
        #expect(server.records.all.map(\.routePattern) == ["unmatched", "unmatched"])
    }

    @Test(arguments: [
        ("abc-123_X.y", "abc-123_X.y"),
        ("bad id!", nil),
        (String(repeating: "a", count: 129), nil),
        (String(repeating: "b", count: 128), String(repeating: "b", count: 128)),
    ] as [(String, String?)])
    func requestIDIsHonouredWhenValidElseGenerated(incoming: String, expected: String?) throws {
        let server = try TestServer(routes: Self.echoRoutes)
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nX-Request-Id: \(incoming)\r\n\r\n")
        let response = try client.readResponse()
        let id = try #require(response.header("x-request-id"))
        if let expected {
            #expect(id == expected)
        } else {
            #expect(id.count == 16 && id != incoming)
        }
        #expect(server.records.all.first?.requestID == id)
    }

    @Test func connectionCloseRequestIsAnsweredThenClosed() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.header("connection") == "close")
        #expect(client.isClosedByPeer())
        #expect(waitUntil { server.server.openConnectionCount == 0 })
    }

    @Test func http10WithoutKeepAliveCloses() throws {
        let server = try TestServer(routes: Self.echoRoutes)
        let client = try server.client()
        try client.send("GET /hello HTTP/1.0\r\n\r\n")
        #expect(try client.readResponse().bodyText == "hello")
        #expect(client.isClosedByPeer())
    }
}
