import Dispatch
import Foundation
@testable import HTTP
import Locking
import Net
import Synchronization
import Testing

/// Graceful shutdown of `HTTPServer`: in-flight requests finish, idle connections close, new ones are refused.
@Suite struct HTTPServerShutdownTests {
    @Test func inFlightRequestFinishesAndNewConnectionsAreRefused() throws {
        let started = Atomic<Bool>(false)
        let server = try TestServer { router in
            router.add(.get, "/hello") { _, _, responder in responder.respond(.text("hello")) }
            router.add(.get, "/work") { _, _, responder in
                started.store(true, ordering: .releasing)
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(300)) {
                    responder.respond(.text("done"))
                }
            }
        }
        let idle = try server.client()
        try idle.send("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle.readResponse().status == 200)
        let busy = try server.client()
        try busy.send("GET /work HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(waitUntil { started.load(ordering: .acquiring) })
        let port = server.port
        let drained = Locked<Bool?>(nil)
        let httpServer = server.server
        let shutdownThread = Thread { drained.withLock { $0 = httpServer.shutdown(deadline: .seconds(5)) } }
        shutdownThread.start()
        #expect(idle.isClosedByPeer())
        #expect(waitUntil { (try? RawClient(port: port)) == nil })
        let response = try busy.readResponse()
        #expect(response.bodyText == "done")
        #expect(response.header("connection") == "close")
        #expect(busy.isClosedByPeer())
        #expect(waitUntil { drained.withLock { $0 } != nil })
        #expect(drained.withLock { $0 } == true)
        #expect(server.server.shutdown(deadline: .zero) == true)
    }

    @Test func missedDeadlineClosesEverythingAndReportsFalse() throws {
        let server = try TestServer { router in
            router.add(.get, "/never") { _, _, _ in }
        }
        let client = try server.client()
        try client.send("GET /never HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(waitUntil { server.server.openConnectionCount == 1 })
        #expect(server.server.shutdown(deadline: .milliseconds(100)) == false)
        #expect(client.isClosedByPeer())
        #expect(server.server.openConnectionCount == 0)
    }

    @Test func shutdownBeforeStartIsHarmless() throws {
        let group = try EventLoopGroup(loopCount: 1)
        defer { group.shutdown() }
        let server = HTTPServer(configuration: .init(), group: group, router: Router())
        #expect(server.shutdown(deadline: .seconds(1)))
        #expect(server.localPort == 0)
    }
}
