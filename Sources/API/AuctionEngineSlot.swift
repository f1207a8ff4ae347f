import Engine
import Locking

/// Where the auction routes (REST and WebSocket bids, operator creations) find the node's auction engine.
///
/// A standby has none: auction writes answer 503 there. When the node becomes primary (at start-up, or online by
/// `worldgame promote` or auto-promotion) the thread that starts the primary's services fills the slot once, and the
/// routes registered at start-up find the engine from the next request on, without a restart. Read by the event
/// loops and the writer thread; a `Locked` guards the one reference.
public final class AuctionEngineSlot: Sendable {
    private let engine: Locked<AuctionEngine?>

    public init(_ engine: AuctionEngine? = nil) {
        self.engine = Locked(engine)
    }

    /// The engine, or nil while this node takes no auction writes.
    public var current: AuctionEngine? { engine.withLock { $0 } }

    /// Installs the engine (the node just became primary).
    public func fill(_ newEngine: AuctionEngine) {
        engine.withLock { $0 = newEngine }
    }
}
