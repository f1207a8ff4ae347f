import Net
import Synchronization

/// The way a handler answers its request: call `respond` once, from any thread, now or later.
///
/// The first call wins; later calls are ignored. A response that arrives after its connection closed is dropped.
/// Cheap to copy; all copies share one state.
public struct Responder: Sendable {
    private let state: ResponderState

    /// A responder that passes the (first) response to `deliver`; for tests and internal dispatch.
    public init(_ deliver: @escaping @Sendable (HTTPResponse) -> Void) {
        state = ResponderState(target: .closure(deliver))
    }

    init(connection: HTTPConnectionHandle, sequence: UInt64, exchange: HTTPConnectionExchange) {
        state = ResponderState(target: .connection(connection, sequence: sequence, exchange: exchange))
    }

    /// Sends `response` (the first call only). Any thread; never blocks.
    public func respond(_ response: HTTPResponse) {
        guard !state.isClaimed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        switch state.target {
        case .closure(let deliver):
            deliver(response)
        case .connection(let connection, let sequence, let exchange):
            let loop = connection.loop
            if loop.inEventLoop {
                connection.value.deliver(response, sequence: sequence, exchange: exchange)
            } else {
                loop.execute { connection.value.deliver(response, sequence: sequence, exchange: exchange) }
            }
        }
    }

    /// Sends the response `build` makes (the first call only), building it on the connection's event loop: a
    /// completion that runs on the writer thread hands the loop its values instead of encoding them there (the writer
    /// is the one serial resource: a bid's JSON cost it 33k instructions). Any thread; never blocks.
    public func respond(building build: @escaping @Sendable () -> HTTPResponse) {
        guard !state.isClaimed.exchange(true, ordering: .acquiringAndReleasing) else { return }
        switch state.target {
        case .closure(let deliver):
            deliver(build())
        case .connection(let connection, let sequence, let exchange):
            let loop = connection.loop
            if loop.inEventLoop {
                connection.value.deliver(build(), sequence: sequence, exchange: exchange)
            } else {
                loop.execute { connection.value.deliver(build(), sequence: sequence, exchange: exchange) }
            }
        }
    }

    /// Whether `respond` was already called.
    public var hasResponded: Bool { state.isClaimed.load(ordering: .acquiring) }
}

/// The shared state behind copies of a `Responder`: whether it answered, and where the answer goes.
private final class ResponderState: Sendable {
    /// Where the first response goes.
    enum Target: Sendable {
        case closure(@Sendable (HTTPResponse) -> Void)
        case connection(HTTPConnectionHandle, sequence: UInt64, exchange: HTTPConnectionExchange)
    }

    let isClaimed = Atomic<Bool>(false)
    let target: Target

    init(target: Target) {
        self.target = target
    }
}
