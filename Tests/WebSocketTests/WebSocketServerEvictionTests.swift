import Foundation
import Locking
import Net
import Testing
@testable import WebSocket

/// A handler for eviction tests: echoes text, and marks the connection authenticated when it sends `auth`.
final class AuthMarkingHandler: WebSocketHandler {
    let closes = Locked<[UInt16]>([])

    func onText(_ connection: WebSocketConnection, text: String) {
        if text == "auth" { connection.markAuthenticated() }
        connection.send(text: text)
    }

    func onClose(_ connection: WebSocketConnection, code: WebSocketCloseCode, reason: String) {
        closes.withLock { $0.append(code.rawValue) }
    }
}

/// Admission at the gateway's connection cap, over real sockets: handshakes in progress go first, then open
/// connections never authenticated, then the longest idle; the evicted peer gets a 1013 close frame with a reason,
/// and the new client is served. One loop, so every connection is on the accepting loop (eviction is per loop).
@Suite struct WebSocketServerEvictionTests {
    /// An upgraded client; with `authenticate`, it has sent `auth` and read the echo.
    static func open(_ port: Int, authenticate: Bool = false) throws -> WebSocketTestClient {
        let client = try WebSocketTestClient(port: port)
        try client.send(WebSocketTestClient.upgradeRequest())
        let (head, _) = try client.readHTTPResponse()
        #expect(head.hasPrefix("HTTP/1.1 101"))
        if authenticate { try expectEcho("auth", on: client) }
        return client
    }

    static func expectEcho(_ text: String, on client: WebSocketTestClient) throws {
        try client.send(ClientFrames.text(text))
        #expect(try client.readFrame() == WebSocketFrame(opcode: .text, payload: Array(text.utf8)))
    }

    /// The close frame `client` reads next: its code and reason.
    static func closeFrame(on client: WebSocketTestClient) throws -> (code: UInt16, reason: String)? {
        guard let frame = try client.readFrame(), frame.opcode == .close, frame.payload.count >= 2 else { return nil }
        return (UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1]),
                String(decoding: frame.payload.dropFirst(2), as: UTF8.self))
    }

    /// Whether the server closed `socket` (end-of-file or a reset) before the socket's receive timeout.
    static func isClosedByPeer(_ socket: SystemBlockingSocket) -> Bool {
        do {
            return try socket.receive().isEmpty
        } catch .timedOut {
            return false
        } catch {
            return true
        }
    }

    @Test func aNeverAuthenticatedConnectionMakesRoomBeforeAnAuthenticatedOne() throws {
        let handler = AuthMarkingHandler()
        let fixture = try GatewayFixture(handler: handler, loops: 1) { $0.maxConnections = 3 }
        let authenticated = try Self.open(fixture.port, authenticate: true)  // the oldest, but authenticated
        let idle = try Self.open(fixture.port)
        let newer = try Self.open(fixture.port)
        let newcomer = try Self.open(fixture.port)
        try Self.expectEcho("served", on: newcomer)
        let close = try #require(try Self.closeFrame(on: idle))
        #expect(close.code == WebSocketCloseCode.tryAgainLater.rawValue)
        #expect(close.reason.contains("connection cap"))
        #expect(idle.readsEndOfFile())
        try Self.expectEcho("still here", on: authenticated)
        try Self.expectEcho("me too", on: newer)
        #expect(fixture.server.evictedConnectionCount == 1)
        #expect(fixture.metrics.count(.connectionEvicted) == 1)
        #expect(fixture.server.openConnectionCount == 3)
        #expect(eventually { handler.closes.withLock { $0 } == [1013] })
    }

    @Test func theLongestIdleAuthenticatedConnectionGoesWhenEveryOneIsAuthenticated() throws {
        let fixture = try GatewayFixture(handler: AuthMarkingHandler(), loops: 1) { $0.maxConnections = 2 }
        let first = try Self.open(fixture.port, authenticate: true)
        let second = try Self.open(fixture.port, authenticate: true)
        try Self.expectEcho("ping", on: first)  // `first` spoke last: `second` is now the longest idle
        let newcomer = try Self.open(fixture.port)
        try Self.expectEcho("served", on: newcomer)
        #expect(try Self.closeFrame(on: second)?.code == WebSocketCloseCode.tryAgainLater.rawValue)
        try Self.expectEcho("still here", on: first)
        #expect(fixture.server.evictedConnectionCount == 1)
    }

    @Test func silentSocketsAndHalfHandshakesCannotLockOutAClient() throws {
        let fixture = try GatewayFixture(handler: AuthMarkingHandler(), loops: 1) { $0.maxConnections = 4 }
        let upgraded = try Self.open(fixture.port)
        let dribbler = try SystemBlockingSocket.connect(host: "127.0.0.1", port: fixture.port, timeout: .seconds(5))
        try dribbler.send(Array("GET /ws HTTP/1.1\r\nHo".utf8))
        let silent = try (0..<2).map { _ in
            try SystemBlockingSocket.connect(host: "127.0.0.1", port: fixture.port, timeout: .seconds(5))
        }
        #expect(eventually { fixture.server.openConnectionCount == 4 })
        var newcomers: [WebSocketTestClient] = []  // kept open: each one needs a slot
        for index in 0..<3 {
            let client = try Self.open(fixture.port)
            try Self.expectEcho("served \(index)", on: client)
            newcomers.append(client)
        }
        // The three handshakes went first (oldest first); the upgraded connection was never needed.
        #expect(fixture.server.evictedConnectionCount == 3)
        for socket in [dribbler] + silent { #expect(Self.isClosedByPeer(socket)) }
        try Self.expectEcho("still here", on: upgraded)
    }
}
