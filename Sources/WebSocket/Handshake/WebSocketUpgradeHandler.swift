import Foundation
import HTTP
import Net

/// The first protocol on a gateway socket: reads the HTTP upgrade request with `HTTPRequestParser`, validates it,
/// asks the application, and either answers 101 and hands the socket to a `WebSocketSession` (replacing
/// `TCPConnection.handler`, with any frame bytes that arrived behind the request), or answers an HTTP error with the
/// contract's JSON body and closes.
///
/// Owned by its loop; every method runs on `tcp.loop`'s thread. Lives until the hand-off or the close.
final class WebSocketUpgradeHandler: TCPConnectionHandler {
    let tcp: TCPConnection
    /// When the socket was accepted: at the connection cap the oldest handshake in progress is evicted first.
    let acceptedAt = ContinuousClock.now
    private let context: WebSocketServerLoopContext
    private var parser: HTTPRequestParser
    private var timer: TimerHandle?
    private var isFinished = false

    init(tcp: TCPConnection, context: WebSocketServerLoopContext) {
        self.tcp = tcp
        self.context = context
        parser = HTTPRequestParser(limits: context.configuration.handshakeLimits)
        tcp.handler = self
        timer = tcp.loop.scheduleLoopTimer(after: context.configuration.handshakeTimeout) { [weak self] in
            self?.timer = nil
            self?.tcp.close()
        }
    }

    // MARK: TCPConnectionHandler

    func connection(_ connection: TCPConnection, didRead bytes: ArraySlice<UInt8>) {
        guard !isFinished else { return }
        parser.append(bytes)
        do {
            guard let event = try parser.next() else { return }
            switch event {
            case .headComplete: reject(WebSocketHandshakeError.unexpectedBody.response)
            case .request(let request): upgrade(request)
            }
        } catch {
            reject(WebSocketHandshakeError.malformedRequest(error).response)
        }
    }

    func connectionDidReadEndOfFile(_ connection: TCPConnection) {
        if !isFinished { tcp.close() }
    }

    func connectionDidWrite(_ connection: TCPConnection) {
        if isFinished { lingerWhenDrained() }
    }

    func connectionDidClose(_ connection: TCPConnection) {
        cancelTimer()
        context.upgradeEnded(self)
    }

    /// Graceful shutdown before the upgrade completed: just close.
    func abort() {
        tcp.close()
    }

    // MARK: Private

    private func upgrade(_ request: HTTPRequest) {
        var request = request
        request.remoteAddress = tcp.remoteAddress
        let configuration = context.configuration
        let acceptKey: String
        do {
            acceptKey = try WebSocketHandshake.validate(request, path: configuration.path,
                                                        allowedOrigins: configuration.allowedOrigins)
        } catch {
            reject(error.response)
            return
        }
        let session = WebSocketSession(tcp: tcp, id: context.nextConnectionID(), context: context)
        switch context.handler.onOpen(session.handle, request: request) {
        case .reject(let response):
            reject(response)
        case .accept:
            isFinished = true
            cancelTimer()
            let leftover = parser.takeBufferedBytes()
            tcp.enqueue(WebSocketHandshake.switchingProtocolsResponse(acceptKey: acceptKey))
            context.upgradeEnded(self)
            context.sessionStarted(session)
            session.start(leftover: leftover)
        }
    }

    /// Answers `response` (connection: close) and closes once it is written.
    private func reject(_ response: HTTPResponse) {
        isFinished = true
        cancelTimer()
        context.onMetric(.handshakeRejected(status: response.status.code))
        let date = HTTPResponseSerializer.httpDate(Date())
        tcp.enqueue(HTTPResponseSerializer.serialize(response, keepAlive: false, isHeadRequest: false, date: date))
        lingerWhenDrained()
        if !tcp.isClosed && timer == nil {
            timer = tcp.loop.scheduleLoopTimer(after: context.configuration.closeTimeout) { [weak self] in
                self?.timer = nil
                self?.tcp.close()
            }
        }
    }

    private func lingerWhenDrained() {
        guard !tcp.isClosed else { return }
        tcp.flush()
        if !tcp.isClosed && tcp.writeQueue.isEmpty { tcp.closeAfterLinger(.seconds(2)) }
    }

    private func cancelTimer() {
        if let timer { tcp.loop.cancelTimer(timer) }
        timer = nil
    }
}
