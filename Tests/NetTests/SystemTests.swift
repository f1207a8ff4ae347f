#if canImport(Glibc)
import CLinux
import Glibc
#endif
@testable import Net
import Testing

/// The one EINTR wrapper, and the Linux declarations that now come from the system headers through `CLinux`.
@Suite struct SystemTests {
    @Test func retryingInterruptsCallsAgainUntilTheCallIsNotInterrupted() {
        var calls = 0
        let result = System.retryingInterrupts { () -> Int32 in
            calls += 1
            if calls < 3 {
                errno = EINTR
                return -1
            }
            return 7
        }
        #expect(result == 7)
        #expect(calls == 3)
    }

    @Test func retryingInterruptsReturnsOtherFailuresWithTheirErrno() {
        var calls = 0
        let result = System.retryingInterrupts { () -> Int in
            calls += 1
            errno = EAGAIN
            return -1
        }
        #expect(result == -1)
        #expect(errno == EAGAIN)
        #expect(calls == 1)
    }

    @Test func retryingMapsWouldBlockAndThrowsOtherErrnos() throws {
        guard case .wouldBlock = try System.retrying("test", { () -> Int32 in errno = EAGAIN; return -1 }) else {
            Issue.record("EAGAIN did not map to wouldBlock")
            return
        }
        #expect(throws: NetError.system(function: "test", errno: ENOSPC)) {
            try System.retrying("test", { () -> Int32 in errno = ENOSPC; return -1 })
        }
    }

    /// `struct epoll_event` is packed on x86_64 (12 bytes, data at offset 4) and naturally aligned elsewhere (16 bytes,
    /// data at offset 8); the header, not this code, decides.
    @Test func epollEventLayoutComesFromTheHeader() {
        #if arch(x86_64)
        #expect(MemoryLayout<epoll_event>.size == 12)
        #expect(MemoryLayout<epoll_event>.offset(of: \epoll_event.data) == 4)
        #else
        #expect(MemoryLayout<epoll_event>.size == 16)
        #expect(MemoryLayout<epoll_event>.offset(of: \epoll_event.data) == 8)
        #endif
        #expect(EPOLLIN.rawValue == 0x001)
        #expect(EPOLLRDHUP.rawValue == 0x2000)
        #expect(EPOLLEXCLUSIVE.rawValue == 1 << 28)
    }

    @Test func eventDescriptorWakesAndDrains() throws {
        let descriptor = try System.makeEventDescriptor()
        defer { System.close(descriptor) }
        System.signalEventDescriptor(descriptor)
        System.signalEventDescriptor(descriptor)
        System.drainEventDescriptor(descriptor)
        var value: UInt64 = 0
        let count = withUnsafeMutableBytes(of: &value) { Glibc.read(descriptor, $0.baseAddress, 8) }
        #expect(count == -1)
        #expect(errno == EAGAIN)
    }
}
