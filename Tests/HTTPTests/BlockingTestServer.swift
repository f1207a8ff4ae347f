import Foundation
import HTTP
import Locking
import Net

/// A tiny HTTP/1.1 server on its own thread, built from blocking sockets and the real parser and serializer,
/// for testing `HTTPClient`. Serves one connection at a time, in order.
final class BlockingTestServer: Sendable {
    /// What the server does with a request.
    enum Reply: Sendable {
        /// Answer normally (keep-alive per the request).
        case response(HTTPResponse)
        /// Answer, then close the connection without saying so (like an idle timeout racing the next request).
        case responseThenClose(HTTPResponse)
        /// Write these bytes verbatim.
        case raw([UInt8])
        /// Never answer (for timeout tests); the connection stays open until the server stops.
        case silence
    }

    /// Counters the tests check.
    struct Stats {
        var connectionsAccepted = 0
        var requestsServed = 0
    }

    let port: Int
    private let listener: SystemBlockingSocket
    private let handler: @Sendable (HTTPRequest) -> Reply
    private let state = Locked<(stats: Stats, current: SystemBlockingSocket?)>((Stats(), nil))
    private let finished = DispatchSemaphore(value: 0)

    init(handler: @escaping @Sendable (HTTPRequest) -> Reply) throws {
        listener = try SystemBlockingSocket.listen(host: "127.0.0.1", port: 0)
        port = try listener.localPort()
        self.handler = handler
        let thread = Thread { [self] in
            acceptLoop()
            finished.signal()
        }
        thread.start()
    }

    var stats: Stats { state.withLock { $0.stats } }

    /// Closes the listener and the current connection, then waits for the thread to end.
    func stop() {
        listener.close()
        state.withLock { $0.current }?.close()
        finished.wait()
    }

    private func acceptLoop() {
        while let connection = try? listener.accept() {
            state.withLock {
                $0.stats.connectionsAccepted += 1
                $0.current = connection
            }
            serve(connection)
            connection.close()
            state.withLock { $0.current = nil }
        }
    }

    private func serve(_ connection: SystemBlockingSocket) {
        var parser = HTTPRequestParser(limits: HTTPParserLimits())
        while let bytes = try? connection.receive(), !bytes.isEmpty {
            parser.append(bytes)
            do {
                while let event = try parser.next() {
                    guard try answer(event, on: connection) else { return }
                }
            } catch let error as HTTPParseError {
                let response = HTTPResponse.error(error.status, code: error.code, message: error.message)
                try? connection.send(serialize(response, keepAlive: false))
                return
            } catch {
                return
            }
        }
    }

    /// Answers one parser event; returns false when the connection must close.
    private func answer(_ event: HTTPParserEvent, on connection: SystemBlockingSocket) throws -> Bool {
        switch event {
        case .headComplete(let expectsContinue):
            if expectsContinue { try connection.send(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) }
            return true
        case .request(let request):
            state.withLock { $0.stats.requestsServed += 1 }
            switch handler(request) {
            case .response(let response):
                try connection.send(serialize(response, keepAlive: request.keepAlive, head: request.method == .head))
                return request.keepAlive
            case .responseThenClose(let response):
                try connection.send(serialize(response, keepAlive: true, head: request.method == .head))
                return false
            case .raw(let bytes):
                try connection.send(bytes)
                return request.keepAlive
            case .silence:
                while let bytes = try? connection.receive(), !bytes.isEmpty {}
                return false
            }
        }
    }

    private func serialize(_ response: HTTPResponse, keepAlive: Bool, head: Bool = false) -> [UInt8] {
        HTTPResponseSerializer.serialize(response, keepAlive: keepAlive, isHeadRequest: head,
                                         date: HTTPResponseSerializer.httpDate(Date()))
    }
}
