/// A `Service` made of two closures, for a part whose own type lives in a module that does not know `Service` (the
/// writer, the event loops, a listener): the wiring layer's thin adapter.
public struct ClosureService: Service {
    public let name: String
    private let startBody: @Sendable () throws -> Void
    private let stopBody: @Sendable (Duration) -> Bool

    /// - Parameters:
    ///   - start: starts the part (nothing when it already runs, as a writer does from its creation).
    ///   - stop: stops it within the deadline; returns whether it finished in time.
    public init(name: String, start: @escaping @Sendable () throws -> Void = {},
                stop: @escaping @Sendable (_ deadline: Duration) -> Bool) {
        self.name = name
        startBody = start
        stopBody = stop
    }

    public func start() throws { try startBody() }

    @discardableResult
    public func stop(deadline: Duration) -> Bool { stopBody(deadline) }
}
