import Foundation
@testable import HTTP
import Locking
import Testing

/// `Responder.respond(building:)`: a response answered from another thread (as the writer's completions are) is built
/// on the connection's event loop, and only the first answer is built.
@Suite struct ResponderTests {
    @Test func aResponseAnsweredFromAnotherThreadIsBuiltOnTheConnectionsLoop() throws {
        let threads = Locked<(handler: pthread_t?, builder: pthread_t?)>((nil, nil))
        let server = try TestServer(loops: 1) { router in
            router.add(.get, "/later") { _, _, responder in
                threads.withLock { $0.handler = pthread_self() }
                // Answered later from a thread of its own, as a writer completion is.
                Thread.detachNewThread {
                    responder.respond {
                        threads.withLock { $0.builder = pthread_self() }
                        return .text("built")
                    }
                }
            }
        }
        defer { server.stop() }
        let client = try server.client()
        try client.send("GET /later HTTP/1.1\r\nHost: x\r\n\r\n")
        let response = try client.readResponse()
        #expect(response.status == 200)
        #expect(response.bodyText == "built")
        let (handler, builder) = threads.withLock { $0 }
        let loopThread = try #require(handler)
        let buildThread = try #require(builder)
        #expect(pthread_equal(loopThread, buildThread) != 0)
    }

    @Test func onlyTheFirstAnswerIsBuilt() {
        let delivered = Locked<[String]>([])
        let builds = Locked(0)
        let responder = Responder { response in delivered.withLock { $0.append(response.bodyText) } }
        for text in ["first", "second"] {
            responder.respond {
                builds.withLock { $0 += 1 }
                return .text(text)
            }
        }
        responder.respond(.text("third"))
        #expect(delivered.withLock { $0 } == ["first"])
        #expect(builds.withLock { $0 } == 1)
        #expect(responder.hasResponded)
    }
}
