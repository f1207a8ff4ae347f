import Foundation
import Testing
@testable import HTTP
import Net

@Suite struct HTTPClientTests {
    /// Echoes the method, path, query and body; special paths exercise framing and connection handling.
    static func echo(_ request: HTTPRequest) -> BlockingTestServer.Reply {
        switch request.path {
        case "/close":
            return .response(HTTPResponse(status: .ok, headers: ["connection": "close"], body: Array("bye".utf8)))
        case "/chunked":
            return .raw(Array("HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n4\r\nchun\r\n3;x=y\r\nked\r\n0\r\nT: 1\r\n\r\n".utf8))
        case "/idle-close":
            return .responseThenClose(.text("closing"))
        case "/silent":
            return .silence
        default:
            let text = "\(request.method) \(request.path) q=\(request.queryValue("q") ?? "-") body=\(String(decoding: request.body, as: UTF8.self))"
            return .response(.text(text))
        }
    }

    @Test func reusesOneKeepAliveConnection() throws {
        let server = try BlockingTestServer(handler: Self.echo)
        defer { server.stop() }
        let client = try HTTPClient(host: "127.0.0.1", port: server.port)
        defer { client.close() }
        for index in 0..<3 {
            let response = try client.send(.get, "/item?q=\(index)")
            #expect(response.status == 200)
            #expect(response.bodyText == "GET /item q=\(index) body=")
        }
        let posted = try client.send(.post, "/things", headers: ["content-type": "text/plain"], body: Array("payload".utf8))
        #expect(posted.bodyText == "POST /things q=- body=payload")
        let head = try client.send(.head, "/item")
        #expect(head.body.isEmpty)
        #expect(head.headers["content-length"] == "20")  // "HEAD /item q=- body=" as a GET would send
        #expect(try client.send(.get, "/after-head").bodyText == "GET /after-head q=- body=")
        #expect(client.connectionsOpened == 1)
        #expect(server.stats.connectionsAccepted == 1)
        #expect(server.stats.requestsServed == 6)
    }

    @Test func decodesChunkedResponses() throws {
        let server = try BlockingTestServer(handler: Self.echo)
        defer { server.stop() }
        let client = try HTTPClient(host: "127.0.0.1", port: server.port)
        defer { client.close() }
        #expect(try client.send(.get, "/chunked").bodyText == "chunked")
        #expect(try client.send(.get, "/next").bodyText == "GET /next q=- body=")
        #expect(client.connectionsOpened == 1)
    }

    @Test func reconnectsAfterConnectionClose() throws {
        let server = try BlockingTestServer(handler: Self.echo)
        defer { server.stop() }
        let client = try HTTPClient(host: "127.0.0.1", port: server.port)
        defer { client.close() }
        let closing = try client.send(.get, "/close")
        #expect(closing.bodyText == "bye")
        #expect(closing.headers["connection"] == "close")
        #expect(try client.send(.get, "/again").status == 200)
        #expect(client.connectionsOpened == 2)
    }

    @Test func sendRawGetsTheParserErrorAndTheClientRecovers() throws {
        let server = try BlockingTestServer(handler: Self.echo)
        defer { server.stop() }
        let client = try HTTPClient(host: "127.0.0.1", port: server.port)
        defer { client.close() }
        let response = try client.sendRaw(Array("GET / HTTP/1.1\r\nHost : x\r\n\r\n".utf8))
        #expect(response.status == 400)
        #expect(response.headers["connection"] == "close")
        #expect(response.bodyText.hasPrefix(#"{"error":{"code":"malformed_header","#))
        let valid = try client.sendRaw(Array("GET /raw HTTP/1.1\r\nHost: x\r\n\r\n".utf8))
        #expect(valid.bodyText == "GET /raw q=- body=")
        #expect(client.connectionsOpened == 2)
    }

    @Test func skipsInterimContinueResponses() throws {
        let server = try BlockingTestServer(handler: Self.echo)
        defer { server.stop() }
        let client = try HTTPClient(host: "127.0.0.1", port: server.port)
        defer { client.close() }
        let response = try client.send(.put, "/upload", headers: ["expect": "100-continue"], body: Array("data".utf8))
        #expect(response.status == 200)
        #expect(response.bodyText == "PUT /upload q=- body=data")
    }

    @Test func retriesIdempotentRequestsOnAStaleConnectionOnly() throws {
        let server = try BlockingTestServer(handler: Self.echo)
        defer { server.stop() }
        let client = try HTTPClient(host: "127.0.0.1", port: server.port)
        defer { client.close() }
        #expect(try client.send(.get, "/idle-close").bodyText == "closing")
        #expect(try client.send(.get, "/retried").bodyText == "GET /retried q=- body=")
        #expect(client.connectionsOpened == 2)
        #expect(try client.send(.get, "/idle-close").bodyText == "closing")
        #expect(throws: HTTPClientError.connectionClosed) { try client.send(.post, "/not-retried") }
        #expect(try client.send(.get, "/fresh").status == 200)
        #expect(client.connectionsOpened == 3)
    }

    @Test func timesOutWhenTheServerIsSilent() throws {
        let server = try BlockingTestServer(handler: Self.echo)
        defer { server.stop() }
        let client = try HTTPClient(host: "127.0.0.1", port: server.port, timeout: .milliseconds(200))
        defer { client.close() }
        #expect(throws: HTTPClientError.timedOut) { try client.send(.get, "/silent") }
    }

    @Test func reportsRefusedConnections() throws {
        let port = try {
            let probe = try SystemBlockingSocket.listen(host: "127.0.0.1", port: 0)
            defer { probe.close() }
            return try probe.localPort()
        }()
        #expect(throws: HTTPClientError.connectFailed(host: "127.0.0.1", port: port, errno: ECONNREFUSED)) {
            _ = try HTTPClient(host: "127.0.0.1", port: port)
        }
    }
}
