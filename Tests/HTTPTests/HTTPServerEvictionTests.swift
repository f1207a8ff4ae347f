import Foundation
@testable import HTTP
import Net
import Testing

/// Admission at the connection cap: idle and slow-header connections make room, busy ones never do. One loop, so
/// every connection is on the accepting loop (eviction is per loop).
@Suite struct HTTPServerEvictionTests {
    @Test func theLongestIdleConnectionMakesRoomForANewClient() throws {
        let server = try TestServer(loops: 1, configure: { $0.maxConnections = 2 }, routes: HTTPServerTests.echoRoutes)
        let first = try server.client()
        try first.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try first.readResponse().status == 200)
        let second = try server.client()
        try second.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try second.readResponse().status == 200)
        let third = try server.client()
        try third.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try third.readResponse().status == 200)
        #expect(first.isClosedByPeer())
        try second.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try second.readResponse().status == 200)
        #expect(server.server.evictedConnectionCount == 1)
        #expect(server.server.openConnectionCount == 2)
    }

    @Test func aSlowHeaderIsEvictedButAnUploadIsNot() throws {
        let server = try TestServer(loops: 1, configure: { $0.maxConnections = 2 }, routes: HTTPServerTests.echoRoutes)
        let upload = try server.client()
        try upload.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab")
        let dribbler = try server.client()
        try dribbler.send("GET /hello HTTP/1.1\r\nHo")
        #expect(waitUntil { server.server.openConnectionCount == 2 })
        let normal = try server.client()
        try normal.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try normal.readResponse().status == 200)
        #expect(dribbler.isClosedByPeer())
        try upload.send("cd")
        #expect(try upload.readResponse().bodyText == "abcd")
        #expect(server.server.evictedConnectionCount == 1)
    }

    @Test func silentConnectionsCannotLockOutAClient() throws {
        let server = try TestServer(loops: 1, configure: { $0.maxConnections = 8 }, routes: HTTPServerTests.echoRoutes)
        let silent = try (0..<8).map { _ in try server.client() }
        #expect(waitUntil { server.server.openConnectionCount == 8 })
        var clients: [RawClient] = []  // kept open: each new one needs a slot
        for _ in 0..<3 {
            let client = try server.client()
            try client.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            clients.append(client)
        }
        #expect(server.server.evictedConnectionCount == 3)
        // The oldest silent connections went first (each check returns at once: they are closed).
        #expect(silent.prefix(3).allSatisfy { $0.isClosedByPeer() })
    }
}
