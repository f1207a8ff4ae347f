#if canImport(Glibc)
import CLinux
import Glibc
#endif

/// What a registered descriptor wants to hear about (level-triggered).
package struct SelectableInterest: OptionSet, Sendable, Hashable {
    package let rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }
    package static let readable = SelectableInterest(rawValue: 1)
    package static let writable = SelectableInterest(rawValue: 2)
    /// Only one loop among those sharing the descriptor is woken (`EPOLLEXCLUSIVE`; listeners shared by all loops).
    package static let exclusive = SelectableInterest(rawValue: 4)
}

/// What happened to a registered descriptor.
package struct SelectableEvents: OptionSet, Sendable {
    package let rawValue: UInt8
    package init(rawValue: UInt8) { self.rawValue = rawValue }
    package static let readable = SelectableEvents(rawValue: 1)
    package static let writable = SelectableEvents(rawValue: 2)
    /// The peer shut down its sending side (`EPOLLRDHUP`): reads will return end-of-file after buffered bytes.
    package static let readHangup = SelectableEvents(rawValue: 4)
    /// Both directions are gone or the socket has an error (`EPOLLHUP`/`EPOLLERR`).
    package static let hangup = SelectableEvents(rawValue: 8)
}

/// One epoll instance and its event buffer: the selector of one `EventLoop`.
///
/// Owned by the loop thread (created before it starts, closed after it ends). Keeps the epoll bits private so the rest of
/// `Net` sees only `SelectableInterest` / `SelectableEvents`, as NIO's `SelectorEpoll` does.
package final class Epoll {
    private let descriptor: Int32
    private let events: UnsafeMutablePointer<epoll_event>
    private let capacity: Int32

    package init(capacity: Int = 256) throws(NetError) {
        let descriptor = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard descriptor >= 0 else { throw NetError.system(function: "epoll_create1", errno: errno) }
        self.descriptor = descriptor
        self.capacity = Int32(capacity)
        events = .allocate(capacity: capacity)
        events.initialize(repeating: epoll_event(), count: capacity)
    }

    deinit {
        events.deallocate()
        System.close(descriptor)
    }

    /// Adds `fd` with `interest`; `token` comes back with each of its events.
    package func add(_ fd: Int32, interest: SelectableInterest, token: UInt64) throws(NetError) {
        try control(EPOLL_CTL_ADD, fd, interest: interest, token: token, function: "epoll_ctl(ADD)")
    }

    /// Changes the interest of `fd` (not allowed for `.exclusive` registrations: remove and add instead).
    package func modify(_ fd: Int32, interest: SelectableInterest, token: UInt64) throws(NetError) {
        try control(EPOLL_CTL_MOD, fd, interest: interest, token: token, function: "epoll_ctl(MOD)")
    }

    /// Removes `fd`; a descriptor that is already gone is ignored.
    package func remove(_ fd: Int32) {
        var event = epoll_event()
        _ = epoll_ctl(descriptor, EPOLL_CTL_DEL, fd, &event)
    }

    /// Waits up to `timeoutMilliseconds` (-1 = forever) and calls `body(token, events)` for each ready descriptor.
    /// A wait interrupted by a signal (`EINTR`) returns with no events; the loop simply waits again.
    package func wait(timeoutMilliseconds: Int32, _ body: (UInt64, SelectableEvents) -> Void) throws(NetError) {
        let count = epoll_wait(descriptor, events, capacity, timeoutMilliseconds)
        if count < 0 {
            if errno == EINTR { return }
            throw NetError.system(function: "epoll_wait", errno: errno)
        }
        for index in 0..<Int(count) {
            let event = events[index]
            body(event.data.u64, Self.selectableEvents(event.events))
        }
    }

    private func control(_ operation: Int32, _ fd: Int32, interest: SelectableInterest, token: UInt64,
                         function: String) throws(NetError) {
        var event = epoll_event()
        event.events = Self.epollBits(interest)
        event.data.u64 = token
        guard epoll_ctl(descriptor, operation, fd, &event) == 0 else {
            throw NetError.system(function: function, errno: errno)
        }
    }

    private static let readable = EPOLLIN.rawValue
    private static let writable = EPOLLOUT.rawValue
    private static let readHangup = EPOLLRDHUP.rawValue
    private static let hangupOrError = EPOLLHUP.rawValue | EPOLLERR.rawValue
    private static let exclusive = EPOLLEXCLUSIVE.rawValue

    private static func epollBits(_ interest: SelectableInterest) -> UInt32 {
        if interest.contains(.exclusive) { return readable | exclusive }
        var bits: UInt32 = 0
        // EPOLLRDHUP is level-triggered too: only ask for it while reading, or a paused half-closed socket would spin.
        if interest.contains(.readable) { bits |= readable | readHangup }
        if interest.contains(.writable) { bits |= writable }
        return bits
    }

    private static func selectableEvents(_ bits: UInt32) -> SelectableEvents {
        var result: SelectableEvents = []
        if bits & readable != 0 { result.insert(.readable) }
        if bits & writable != 0 { result.insert(.writable) }
        if bits & readHangup != 0 { result.insert(.readHangup) }
        if bits & hangupOrError != 0 { result.insert(.hangup) }
        return result
    }
}
