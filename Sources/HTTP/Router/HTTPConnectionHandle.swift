import Net

/// An HTTP connection carried to other threads by a `Responder`, touched only back on its own loop.
///
/// The same check as `LoopBound<HTTPConnection>`, without a generic type: building a `LoopBound` per request looked its
/// type metadata up at run time (about 330 instructions a request).
struct HTTPConnectionHandle: @unchecked Sendable {
    // Safety: `connection` is only read through `value`, which traps unless called on `loop`'s thread.
    private let connection: HTTPConnection
    let loop: EventLoop

    /// Loop thread: wraps `connection`, which belongs to `loop`.
    init(_ connection: HTTPConnection, loop: EventLoop) {
        loop.preconditionInEventLoop()
        self.connection = connection
        self.loop = loop
    }

    /// The connection; loop thread only.
    var value: HTTPConnection {
        loop.preconditionInEventLoop()
        return connection
    }
}
