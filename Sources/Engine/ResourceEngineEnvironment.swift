import Clocks
import Game
import Telemetry

/// What the resource job handlers and commands share: the rules' parameters, the game clock, the event bus, the
/// link to the job queue, metrics and a logger.
///
/// Built once by the node at start-up and copied into each handler closure; every member is `Sendable`.
public struct ResourceEngineEnvironment: Sendable {
    public var configuration: ResourceConfiguration
    public var clock: any WallClock
    public var events: EventBus
    public var queue: ResourceQueueLink
    public var metrics: ResourceMetrics?
    public var logger: Logger

    public init(configuration: ResourceConfiguration = ResourceConfiguration(), clock: any WallClock = SystemClock(),
                events: EventBus, queue: ResourceQueueLink = ResourceQueueLink(), metrics: ResourceMetrics? = nil,
                logger: Logger) {
        self.configuration = configuration
        self.clock = clock
        self.events = events
        self.queue = queue
        self.metrics = metrics
        self.logger = logger
    }
}
