#if canImport(Glibc)
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
    private let events: UnsafeMutableRawPointer
    private let capacity: Int32

    package init(capacity: Int = 256) throws(NetError) {
        let descriptor = linuxEpollCreate1(LinuxConstants.closeOnExec)
        guard descriptor >= 0 else { throw NetError.system(function: "epoll_create1", errno: errno) }
        self.descriptor = descriptor
        self.capacity = Int32(capacity)
        events = .allocate(byteCount: capacity * LinuxConstants.epollEventStride, alignment: 8)
    }

    deinit {
        events.deallocate()
        System.close(descriptor)
    }

    /// Adds `fd` with `interest`; `token` comes back with each of its events.
    package func add(_ fd: Int32, interest: SelectableInterest, token: UInt64) throws(NetError) {
        try control(LinuxConstants.epollControlAdd, fd, interest: interest, token: token, function: "epoll_ctl(ADD)")
    }

    /// Changes the interest of `fd` (not allowed for `.exclusive` registrations: remove and add instead).
    package func modify(_ fd: Int32, interest: SelectableInterest, token: UInt64) throws(NetError) {
        try control(LinuxConstants.epollControlModify, fd, interest: interest, token: token, function: "epoll_ctl(MOD)")
    }

    /// Removes `fd`; a descriptor that is already gone is ignored.
    package func remove(_ fd: Int32) {
        withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { event in
            event.initializeMemory(as: UInt8.self, repeating: 0)
            _ = linuxEpollControl(descriptor, LinuxConstants.epollControlDelete, fd, event.baseAddress)
        }
    }

    /// Waits up to `timeoutMilliseconds` (-1 = forever) and calls `body(token, events)` for each ready descriptor.
    package func wait(timeoutMilliseconds: Int32, _ body: (UInt64, SelectableEvents) -> Void) throws(NetError) {
        let count = linuxEpollWait(descriptor, events, capacity, timeoutMilliseconds)
        if count < 0 {
            if errno == EINTR { return }
            throw NetError.system(function: "epoll_wait", errno: errno)
        }
        for index in 0..<Int(count) {
            let base = index * LinuxConstants.epollEventStride
            let bits = events.loadUnaligned(fromByteOffset: base, as: UInt32.self)
            let token = events.loadUnaligned(fromByteOffset: base + LinuxConstants.epollEventDataOffset, as: UInt64.self)
            body(token, Self.selectableEvents(bits))
        }
    }

    private func control(_ operation: Int32, _ fd: Int32, interest: SelectableInterest, token: UInt64,
                         function: String) throws(NetError) {
        let result = withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { event in
            event.initializeMemory(as: UInt8.self, repeating: 0)
            event.storeBytes(of: Self.epollBits(interest), toByteOffset: 0, as: UInt32.self)
            event.storeBytes(of: token, toByteOffset: LinuxConstants.epollEventDataOffset, as: UInt64.self)
            return linuxEpollControl(descriptor, operation, fd, event.baseAddress)
        }
        guard result == 0 else { throw NetError.system(function: function, errno: errno) }
    }

    private static func epollBits(_ interest: SelectableInterest) -> UInt32 {
        if interest.contains(.exclusive) { return LinuxConstants.epollIn | LinuxConstants.epollExclusive }
        var bits: UInt32 = 0
        // EPOLLRDHUP is level-triggered too: only ask for it while reading, or a paused half-closed socket would spin.
        if interest.contains(.readable) { bits |= LinuxConstants.epollIn | LinuxConstants.epollReadHangup }
        if interest.contains(.writable) { bits |= LinuxConstants.epollOut }
        return bits
    }

    private static func selectableEvents(_ bits: UInt32) -> SelectableEvents {
        var result: SelectableEvents = []
        if bits & LinuxConstants.epollIn != 0 { result.insert(.readable) }
        if bits & LinuxConstants.epollOut != 0 { result.insert(.writable) }
        if bits & LinuxConstants.epollReadHangup != 0 { result.insert(.readHangup) }
        if bits & (LinuxConstants.epollHangup | LinuxConstants.epollError) != 0 { result.insert(.hangup) }
        return result
    }
}
