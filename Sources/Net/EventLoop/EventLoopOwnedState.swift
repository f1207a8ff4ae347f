/// The part of an `EventLoop` that only its thread touches: the selector, the registrations and the timers.
///
/// Exists so `EventLoop` can be a checked `Sendable` class while this state stays lock-free.
final class EventLoopOwnedState: @unchecked Sendable {
    // Safety: every member is used only on the loop thread (`EventLoop.run` and the loop-thread-only API that calls
    // `preconditionInEventLoop()`); `init` runs before the thread starts.
    static let wakeToken: UInt64 = .max

    /// A registered descriptor and its handler; `generation` tells a stale event from a reused descriptor.
    struct Registration {
        var generation: UInt32
        var handler: any EventLoopSelectable
        var interest: SelectableInterest
    }

    let epoll: Epoll
    var timers = TimerQueue<() -> Void>()
    var registrations: [Int32: Registration] = [:]
    var nextGeneration: UInt32 = 1
    /// Shared by every connection of the loop: a read lands here and is handed on before the next read.
    var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    /// The queued work being run, swapped with the queue's empty array under its lock so that neither array is
    /// reallocated per wake-up (see `EventLoop.runQueuedWork`).
    var runningWorks: [@Sendable () -> Void] = []

    init(epoll: Epoll) {
        self.epoll = epoll
    }

    func token(descriptor: Int32, generation: UInt32) -> UInt64 {
        UInt64(generation) << 32 | UInt64(UInt32(bitPattern: descriptor))
    }

    func handler(for token: UInt64) -> (any EventLoopSelectable)? {
        let descriptor = Int32(bitPattern: UInt32(truncatingIfNeeded: token))
        guard let registration = registrations[descriptor],
              registration.generation == UInt32(truncatingIfNeeded: token >> 32) else { return nil }
        return registration.handler
    }

    /// Tells every handler still registered that the loop stops (they close their descriptors), then forgets them.
    func closeAll() {
        let remaining = registrations
        registrations.removeAll()
        for (descriptor, _) in remaining { epoll.remove(descriptor) }
        for (_, registration) in remaining { registration.handler.eventLoopDidStop() }
        timers = TimerQueue()
    }
}
