import Foundation
import Locking

/// An ordered sub-list of a node's services that runs only while the node holds a role (the primary's job workers,
/// scheduler, auction settlement and outbox relay): started in order when the node takes the role, stopped in reverse
/// when it hands the role over, and started again (as new instances) when it takes the role back.
///
/// Why a type: a node changes role while it runs (promotion, a planned switchover, fencing), and each change must
/// leave it as a restart in that role would. `ServiceGroup` is one-shot (a node's life); this one can be paused and
/// resumed, and ends for good with `stop(deadline:)` (fencing, the node's own stop). `makeServices` builds the
/// services for one period in the role, in start order; they join a fresh `ServiceGroup` one by one, so a failed
/// start stops those already started and leaves the group idle, ready for another try.
///
/// `start()`, `pause(deadline:)` and `stop(deadline:)` may come from different threads (start-up, the promote or
/// switchover thread, the peer watcher, the shutdown thread); a `Locked` phase orders them and is never held across a
/// service's start or stop. A pause or stop during a start makes the starter stop what it brought up, and waits.
public final class RoleServiceGroup: Service {
    /// Where the sub-list is.
    private enum Phase {
        case idle
        case starting
        /// A pause (`isFinal` false) or a stop arrived while starting: the starter stops what it brought up.
        case haltRequested(isFinal: Bool)
        case running(ServiceGroup)
        /// Stopped for good: `start()` does nothing any more.
        case stopped
    }

    public let name: String
    private let makeServices: @Sendable () throws -> [any Service]
    private let phase = Locked<Phase>(.idle)

    /// How often a halt checks whether a start it interrupted has finished stopping.
    private static let haltPollInterval: TimeInterval = 0.01

    /// - Parameters:
    ///   - makeServices: builds one period's services in start order (called by each `start()`).
    public init(name: String, makeServices: @escaping @Sendable () throws -> [any Service]) {
        self.name = name
        self.makeServices = makeServices
    }

    /// Whether the services run now.
    public var isRunning: Bool {
        phase.withLock { phase in
            if case .running = phase { return true }
            return false
        }
    }

    /// The names of the running services, in start order (empty unless running).
    public var runningNames: [String] {
        phase.withLock { phase in
            if case .running(let group) = phase { return group.names }
            return []
        }
    }

    /// Starts the services in order (`Service.start()`; the outcome is in `startIfIdle()`'s result).
    public func start() throws {
        _ = try startIfIdle()
    }

    /// Starts the services in order; returns false (doing nothing) when they run already, are starting on another
    /// thread, or were stopped for good.
    /// - Throws: the first failing service's error (those started before it were stopped; the group is idle again),
    ///   or `makeServices`' error.
    @discardableResult
    public func startIfIdle() throws -> Bool {
        let mayStart = phase.withLock { phase -> Bool in
            guard case .idle = phase else { return false }
            phase = .starting
            return true
        }
        guard mayStart else { return false }
        let group = ServiceGroup()
        do {
            for service in try makeServices() { try group.start(service) }
        } catch {
            group.stop(deadline: .seconds(5))
            phase.withLock { phase in
                if case .haltRequested(let isFinal) = phase { phase = isFinal ? .stopped : .idle } else { phase = .idle }
            }
            throw error
        }
        let halt = phase.withLock { phase -> Bool? in
            if case .haltRequested(let isFinal) = phase { return isFinal }
            phase = .running(group)
            return nil
        }
        guard let isFinal = halt else { return true }
        group.stop(deadline: .seconds(5))
        phase.withLock { $0 = isFinal ? .stopped : .idle }
        return false
    }

    /// Stops the services in reverse order and leaves the group idle, so a later `start()` starts them again (the node
    /// handed its role over). Returns whether they stopped within `deadline`.
    @discardableResult
    public func pause(deadline: Duration) -> Bool { halt(deadline: deadline, isFinal: false) }

    /// Stops the services in reverse order for good (fencing, the node's stop); later starts do nothing. Idempotent.
    @discardableResult
    public func stop(deadline: Duration) -> Bool { halt(deadline: deadline, isFinal: true) }

    private func halt(deadline: Duration, isFinal: Bool) -> Bool {
        let end = ContinuousClock.now + deadline
        let (running, wasStarting) = phase.withLock { phase -> (ServiceGroup?, Bool) in
            switch phase {
            case .running(let group):
                phase = isFinal ? .stopped : .idle
                return (group, false)
            case .starting:
                phase = .haltRequested(isFinal: isFinal)
                return (nil, true)
            case .haltRequested(let earlier):
                phase = .haltRequested(isFinal: earlier || isFinal)
                return (nil, true)
            case .idle:
                if isFinal { phase = .stopped }
                return (nil, false)
            case .stopped:
                return (nil, false)
            }
        }
        if let running { return running.stop(deadline: deadline) }
        guard wasStarting else { return true }
        while true {
            let settled = phase.withLock { phase -> Bool in
                switch phase {
                case .starting, .haltRequested: false
                default: true
                }
            }
            if settled { return true }
            guard ContinuousClock.now < end else { return false }
            Thread.sleep(forTimeInterval: Self.haltPollInterval)
        }
    }
}
