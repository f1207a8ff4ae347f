import Dispatch
import Foundation
@testable import HTTP
import Locking
import Net
import Synchronization
import Testing

/// `HTTPServer` under hostile or heavy input: parser limits, slow senders, idle peers, backpressure, connection caps.
@Suite struct HTTPServerLimitsTests {
    static func smallLimits(_ configuration: inout HTTPServerConfiguration) {
        configuration.limits.maxRequestLineBytes = 256
        configuration.limits.maxHeaderCount = 10
        configuration.limits.maxHeaderBytes = 1_024
        configuration.limits.maxBodyBytes = 64
    }

    static let manyHeaders = (0..<20).map { "X-H\($0): v\r\n" }.joined()

    @Test(arguments: [
        ("GET /\(String(repeating: "a", count: 400)) HTTP/1.1\r\nHost: x\r\n\r\n", 414),
        ("GET /hello HTTP/1.1\r\nHost: x\r\n\(manyHeaders)\r\n", 431),
        ("GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 2_000))\r\n\r\n", 431),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n\(String(repeating: "c", count: 100))", 413),
        ("GET /hello HTTP/1.1\r\nHost : x\r\n\r\n", 400),
        ("GARBAGE\r\n\r\n", 400),
        ("GET /hello HTTP/1.1\r\n\r\n", 400),
        ("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501),
        ("GET /hello HTTP/2.0\r\nHost: x\r\n\r\n", 505),
    ])
    func limitViolationGetsItsStatusAndCloseWhileOthersAreServed(request: String, status: Int) throws {
        let server = try TestServer(configure: Self.smallLimits, routes: HTTPServerTests.echoRoutes)
        let bystander = try server.client()
        let offender = try server.client()
        try offender.send(request)
        let response = try offender.readResponse()
        #expect(response.status == status)
        #expect(response.header("connection") == "close")
        #expect(response.header("content-type") == "application/json; charset=utf-8")
        #expect(response.bodyText.hasPrefix("{\"error\":{\"code\":"))
        #expect(response.header("x-request-id")?.count == 16)
        #expect(offender.isClosedByPeer())
        try bystander.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try bystander.readResponse().bodyText == "hello")
        #expect(server.records.all.contains { $0.status == status && $0.routePattern == "unmatched" })
    }

    @Test func slowHeaderGets408AndClose() throws {
        let server = try TestServer(configure: { $0.headerReadTimeout = .milliseconds(200) },
                                    routes: HTTPServerTests.echoRoutes)
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n")
        let response = try client.readResponse()
        #expect(response.status == 408)
        #expect(response.header("connection") == "close")
        #expect(client.isClosedByPeer())
    }

    @Test func slowBodyGets408() throws {
        let server = try TestServer(configure: { $0.bodyReadTimeout = .milliseconds(200) },
                                    routes: HTTPServerTests.echoRoutes)
        let client = try server.client()
        try client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        #expect(try client.readResponse().status == 408)
        #expect(client.isClosedByPeer())
    }

    @Test func idleKeepAliveConnectionIsClosedSilently() throws {
        let server = try TestServer(configure: { $0.idleTimeout = .milliseconds(200) },
                                    routes: HTTPServerTests.echoRoutes)
        let client = try server.client()
        try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(client.isClosedByPeer())
        #expect(waitUntil { server.server.openConnectionCount == 0 })
    }

    @Test func handlerThatNeverRespondsIsCleanedUpByIdleTimeoutAndLateResponseIsDropped() throws {
        let parked = Locked<[Responder]>([])
        let server = try TestServer(configure: { $0.idleTimeout = .milliseconds(200) }) { router in
            router.add(.get, "/never") { _, _, responder in parked.withLock { $0.append(responder) } }
        }
        let client = try server.client()
        try client.send("GET /never HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.isClosedByPeer())
        #expect(waitUntil { server.server.openConnectionCount == 0 })
        let responder = try #require(parked.withLock { $0.first })
        responder.respond(.text("too late"))
        #expect(responder.hasResponded)
        #expect(server.records.all.isEmpty)
        // The router's handler holds `parked`, which holds a responder that leads back to the server: break the cycle.
        parked.withLock { $0.removeAll() }
    }

    @Test func fullOutboundBufferStopsReadingUntilTheClientReads() throws {
        let handled = Atomic<Int>(0)
        let body = [UInt8](repeating: 0x61, count: 1 << 20)
        let server = try TestServer(configure: { $0.maxPipelinedResponsesBytes = 64 * 1024 }) { router in
            router.add(.get, "/big") { _, _, responder in
                handled.add(1, ordering: .relaxed)
                responder.respond(HTTPResponse(status: .ok, body: body))
            }
        }
        let client = try server.client(timeout: .seconds(10))
        let count = 40
        try client.send(String(repeating: "GET /big HTTP/1.1\r\nHost: x\r\n\r\n", count: count))
        var previous = -1
        _ = waitUntil(timeout: .seconds(2)) {
            let now = handled.load(ordering: .relaxed)
            defer { previous = now }
            Thread.sleep(forTimeInterval: 0.05)   // the window in which the count must stay unchanged
            return now == previous && now > 0
        }
        #expect(handled.load(ordering: .relaxed) < count)
        for _ in 0..<count { #expect(try client.readResponse().body.count == body.count) }
        #expect(handled.load(ordering: .relaxed) == count)
    }

    @Test func connectionsBeyondTheLimitAreClosedAtOnceWhenNoneIsIdle() throws {
        let server = try TestServer(configure: { $0.maxConnections = 1 }, routes: HTTPServerTests.echoRoutes)
        let first = try server.client()
        // Mid-body: an upload in progress is never evicted.
        try first.send("POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 4\r\n\r\nab")
        // Inside its request (head read, body pending), not merely accepted: an accepted connection whose bytes the
        // loop has not read yet still looks idle and would be evicted for the next one.
        #expect(waitUntil { server.server.connectionsInRequest == 1 })
        let second = try server.client()
        #expect(second.isClosedByPeer())
        #expect(server.server.evictedConnectionCount == 0)
        try first.send("cd")
        #expect(try first.readResponse().bodyText == "abcd")
        #expect(waitUntil { server.server.openConnectionCount == 0 })
        #expect(waitUntil { server.server.connectionsInRequest == 0 })
        let third = try server.client()
        try third.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try third.readResponse().status == 200)
    }

    @Test func secondServerOnTheSamePortFailsWithAddressInUse() throws {
        let server = try TestServer(routes: HTTPServerTests.echoRoutes)
        var configuration = HTTPServerConfiguration()
        configuration.port = server.port
        let other = HTTPServer(configuration: configuration, group: server.group, router: Router())
        #expect(throws: NetError.addressInUse(host: "127.0.0.1", port: server.port)) { try other.start() }
    }
}
