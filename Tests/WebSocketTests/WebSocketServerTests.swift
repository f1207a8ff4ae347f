import Foundation
import HTTP
import Locking
import Net
import Testing
import TestSupport
@testable import WebSocket

/// A handler for server tests: echoes, can refuse connections, and records what happened.
final class RecordingHandler: WebSocketHandler {
    let refuseToken: String?
    let closes = Locked<[UInt16]>([])
    let opened = Locked<[WebSocketConnection]>([])

    init(refuseToken: String? = nil) {
        self.refuseToken = refuseToken
    }

    func onOpen(_ connection: WebSocketConnection, request: HTTPRequest) -> WebSocketOpenDecision {
        if let refuseToken, request.queryValue("token") == refuseToken {
            return .reject(.error(.unauthorized, code: "invalid_token", message: "the token is not valid"))
        }
        connection.send(text: "welcome")
        opened.withLock { $0.append(connection) }
        return .accept
    }

    func onText(_ connection: WebSocketConnection, text: String) { connection.send(text: text) }

    func onBinary(_ connection: WebSocketConnection, bytes: [UInt8]) { connection.send(binary: bytes) }

    func onClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        closes.withLock { $0.append(code.rawValue) }
    }
}

/// Collects the events of a server's metric hook.
final class MetricRecorder: Sendable {
    private let events = Locked<[WebSocketMetricEvent]>([])

    func record(_ event: WebSocketMetricEvent) { events.withLock { $0.append(event) } }

    func contains(_ event: WebSocketMetricEvent) -> Bool { events.withLock { $0.contains(event) } }

    func count(_ event: WebSocketMetricEvent) -> Int { events.withLock { $0.filter { $0 == event }.count } }
}

/// Starts a gateway on an ephemeral port for one test and stops it afterwards.
final class GatewayFixture {
    let group: EventLoopGroup
    let server: WebSocketServer
    let metrics = MetricRecorder()

    init(handler: any WebSocketHandler, loops: Int = 2,
         configure: (inout WebSocketServerConfiguration) -> Void = { _ in }) throws {
        var configuration = WebSocketServerConfiguration()
        configuration.port = 0
        configuration.maxFrameBytes = 64 << 10
        configuration.maxMessageBytes = 64 << 10
        configure(&configuration)
        group = try EventLoopGroup(loopCount: loops, threadNamePrefix: "ws-test")
        let metrics = self.metrics
        server = WebSocketServer(configuration: configuration, group: group, handler: handler) { event in
            metrics.record(event)
        }
        try server.start()
    }

    var port: Int { server.localPort }

    deinit {
        _ = server.shutdown(deadline: .seconds(2))
        group.shutdown()
    }
}

/// Waits until `condition` holds or `timeout` passes (for I/O done on other threads).
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    TestSupport.waitUntil(timeout, condition)
}

@Suite struct WebSocketServerTests {
    @Test func upgradesAndProcessesFramesSentWithTheRequest() throws {
        let fixture = try GatewayFixture(handler: RecordingHandler())
        let client = try WebSocketTestClient(port: fixture.port)
        try client.send(WebSocketTestClient.upgradeRequest() + ClientFrames.text("early"))
        let (head, _) = try client.readHTTPResponse()
        #expect(head.hasPrefix("HTTP/1.1 101 Switching Protocols"))
        #expect(head.contains("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="))
        #expect(!head.lowercased().contains("sec-websocket-extensions"))
        #expect(try client.readFrame() == WebSocketFrame(opcode: .text, payload: Array("welcome".utf8)))
        #expect(try client.readFrame() == WebSocketFrame(opcode: .text, payload: Array("early".utf8)))
        try client.send(ClientFrames.frame(.ping, [7]))
        #expect(try client.readFrame() == WebSocketFrame(opcode: .pong, payload: [7]))
        try client.send(ClientFrames.close(1000, "done"))
        #expect(try client.readFrame() == WebSocketFrame(opcode: .close, payload: [0x03, 0xE8]))
        #expect(client.readsEndOfFile())
        #expect(eventually { fixture.server.openConnectionCount == 0 })
    }

    @Test(arguments: [
        ("/elsewhere", "", "404", "not_found"),
        ("/ws", "Sec-WebSocket-Version: 8\r\n", "426", "unsupported_websocket_version"),
    ])
    func badHandshakeGetsAJSONError(path: String, extra: String, status: String, code: String) throws {
        let fixture = try GatewayFixture(handler: RecordingHandler())
        let client = try WebSocketTestClient(port: fixture.port)
        var request = String(decoding: WebSocketTestClient.upgradeRequest(path: path), as: UTF8.self)
        if !extra.isEmpty {
            request = request.replacingOccurrences(of: "Sec-WebSocket-Version: 13\r\n", with: extra)
        }
        try client.send(Array(request.utf8))
        let (head, body) = try client.readHTTPResponse()
        #expect(head.hasPrefix("HTTP/1.1 \(status) "))
        #expect(body.contains("\"code\":\"\(code)\""))
        #expect(client.readsEndOfFile())
    }

    @Test func handlerCanRefuseAConnection() throws {
        let handler = RecordingHandler(refuseToken: "expired")
        let fixture = try GatewayFixture(handler: handler)
        let client = try WebSocketTestClient(port: fixture.port)
        try client.send(WebSocketTestClient.upgradeRequest(path: "/ws?token=expired"))
        let (head, body) = try client.readHTTPResponse()
        #expect(head.hasPrefix("HTTP/1.1 401 "))
        #expect(body.contains("invalid_token"))
        #expect(client.readsEndOfFile())
        #expect(handler.closes.withLock { $0.isEmpty }, "refused connections never report a close")
        #expect(fixture.metrics.contains(.handshakeRejected(status: 401)))
    }

    @Test func protocolErrorClosesWith1002AndReportsIt() throws {
        let handler = RecordingHandler()
        let fixture = try GatewayFixture(handler: handler)
        let client = try WebSocketTestClient(port: fixture.port)
        try client.send(WebSocketTestClient.upgradeRequest())
        _ = try client.readHTTPResponse()
        _ = try client.readFrame()  // welcome
        try client.send(WebSocketFrameEncoder.encode(opcode: .text, payload: Array("unmasked".utf8)))
        let close = try #require(try client.readFrame())
        #expect(close.opcode == .close)
        #expect(close.payload.prefix(2) == [0x03, 0xEA])
        #expect(client.readsEndOfFile())
        #expect(eventually { handler.closes.withLock { $0 } == [1002] })
    }

    @Test func shutdownSendsGoingAwayToEveryConnection() throws {
        let handler = RecordingHandler()
        let fixture = try GatewayFixture(handler: handler)
        var clients: [WebSocketTestClient] = []
        for _ in 0..<3 {
            let client = try WebSocketTestClient(port: fixture.port)
            try client.send(WebSocketTestClient.upgradeRequest())
            _ = try client.readHTTPResponse()
            _ = try client.readFrame()
            clients.append(client)
        }
        let drained = Locked<Bool?>(nil)
        let server = fixture.server
        let stopper = Thread { drained.withLock { $0 = server.shutdown(deadline: .seconds(3)) } }
        stopper.start()
        for client in clients {
            let close = try #require(try client.readFrame())
            #expect(close.opcode == .close)
            #expect(close.payload.prefix(2) == [0x03, 0xE9])
            try client.send(ClientFrames.close(1001))
            #expect(client.readsEndOfFile())
        }
        #expect(eventually { drained.withLock { $0 } == true })
        #expect(handler.closes.withLock { $0 } == [1001, 1001, 1001])
    }

    @Test func sendFromAnotherThreadReachesTheClient() throws {
        let handler = RecordingHandler()
        let fixture = try GatewayFixture(handler: handler)
        let client = try WebSocketTestClient(port: fixture.port)
        try client.send(WebSocketTestClient.upgradeRequest())
        _ = try client.readHTTPResponse()
        _ = try client.readFrame()
        let connection = try #require(handler.opened.withLock { $0.first })
        for index in 0..<50 { connection.send(text: "event \(index)") }
        for index in 0..<50 {
            #expect(try client.readFrame()?.payload == Array("event \(index)".utf8))
        }
        connection.close(code: .normalClosure, reason: "bye")
        #expect(try client.readFrame()?.opcode == .close)
    }
}
