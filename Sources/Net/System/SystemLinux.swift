#if canImport(Glibc)
import Glibc
#endif

// Linux-only calls that the toolchain's Glibc module does not export (sys/epoll.h, sys/eventfd.h and the _GNU_SOURCE
// parts of sys/socket.h and pthread.h), bound to their C symbols by name.
//
// Safety: each declaration below mirrors the C prototype exactly, and every parameter and result is a 32/64-bit
// integer or a pointer. For such signatures the Swift calling convention passes arguments and returns values in the
// same registers as the platform C ABI (x86_64 SysV and AArch64 AAPCS64), which is why binding by symbol name is sound
// here; do not add declarations with struct-by-value parameters, floating point, or variadic arguments. The proper
// fix is a small C module map (`CNetLinux`) once the package may gain a system-library target.

@_silgen_name("epoll_create1")
func linuxEpollCreate1(_ flags: Int32) -> Int32

@_silgen_name("epoll_ctl")
func linuxEpollControl(_ epoll: Int32, _ operation: Int32, _ descriptor: Int32, _ event: UnsafeMutableRawPointer?) -> Int32

@_silgen_name("epoll_wait")
func linuxEpollWait(_ epoll: Int32, _ events: UnsafeMutableRawPointer?, _ maxEvents: Int32, _ timeout: Int32) -> Int32

@_silgen_name("eventfd")
func linuxEventDescriptor(_ initialValue: UInt32, _ flags: Int32) -> Int32

@_silgen_name("accept4")
func linuxAccept4(_ descriptor: Int32, _ address: UnsafeMutableRawPointer?,
                  _ length: UnsafeMutablePointer<socklen_t>?, _ flags: Int32) -> Int32

@_silgen_name("pthread_setname_np")
func linuxSetThreadName(_ thread: pthread_t, _ name: UnsafePointer<CChar>?) -> Int32

/// Constants from the Linux UAPI headers that the Glibc module does not export.
enum LinuxConstants {
    static let epollIn: UInt32 = 0x001
    static let epollOut: UInt32 = 0x004
    static let epollError: UInt32 = 0x008
    static let epollHangup: UInt32 = 0x010
    static let epollReadHangup: UInt32 = 0x2000
    static let epollExclusive: UInt32 = 1 << 28
    static let epollControlAdd: Int32 = 1
    static let epollControlDelete: Int32 = 2
    static let epollControlModify: Int32 = 3
    static let closeOnExec: Int32 = 0o2_000_000      // O_CLOEXEC = EPOLL_CLOEXEC = EFD_CLOEXEC = SOCK_CLOEXEC
    static let nonBlocking: Int32 = 0o4_000          // O_NONBLOCK = EFD_NONBLOCK = SOCK_NONBLOCK
    #if arch(x86_64)
    /// `struct epoll_event` is packed on x86_64: u32 events, then u64 data at offset 4.
    static let epollEventStride = 12
    static let epollEventDataOffset = 4
    #else
    static let epollEventStride = 16
    static let epollEventDataOffset = 8
    #endif
}
