import Foundation
import Locking
@testable import Net
import Synchronization
import Testing
import TestSupport

/// `TCPListener` + `TCPConnection` over real loopback sockets: accept, read, gathered writes, close, address in use.
@Suite struct TCPConnectionTests {
    /// Echoes every read back as three separately queued chunks (exercises `sendmsg` gathering).
    final class EchoHandler: TCPConnectionHandler {
        let onClose: @Sendable () -> Void
        init(onClose: @escaping @Sendable () -> Void) { self.onClose = onClose }
        func connection(_ connection: TCPConnection, didRead bytes: ArraySlice<UInt8>) {
            connection.enqueue(Array("<".utf8))
            connection.enqueue(Array(bytes))
            connection.enqueue(Array(">".utf8))
            connection.flush()
        }
        func connectionDidReadEndOfFile(_ connection: TCPConnection) { connection.close() }
        func connectionDidWrite(_ connection: TCPConnection) {}
        func connectionDidClose(_ connection: TCPConnection) { onClose() }
    }

    static func connect(port: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        try #require(result == 0)
        var interval = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &interval, socklen_t(MemoryLayout<timeval>.size))
        return descriptor
    }

    static func readExactly(_ descriptor: Int32, count: Int) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while result.count < count {
            let received = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if received <= 0 { break }
            result.append(contentsOf: chunk[0..<received])
        }
        return result
    }

    @Test func acceptedConnectionEchoesWithGatheredWritesAndClosesOnEndOfFile() throws {
        let group = try EventLoopGroup(loopCount: 2)
        defer { group.shutdown() }
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        let closed = Counter()
        let remotes = Locked<[String]>([])
        for loop in group.loops {
            loop.execute {
                try? listener.startAccepting(on: loop) { descriptor, remote in
                    remotes.withLock { $0.append(remote) }
                    let connection = try? TCPConnection(descriptor: descriptor, remoteAddress: remote, loop: loop,
                                                        writeLimitBytes: 1_024)
                    connection?.handler = EchoHandler { closed.increment() }
                }
            }
        }
        let client = try Self.connect(port: listener.port)
        let message = Array("hello".utf8)
        _ = message.withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) }
        #expect(Self.readExactly(client, count: 7) == Array("<hello>".utf8))
        shutdown(client, Int32(SHUT_WR))
        #expect(waitUntil(.seconds(5)) { closed.value == 1 })
        #expect(Self.readExactly(client, count: 1).isEmpty)
        close(client)
        #expect(remotes.withLock { $0.first?.hasPrefix("127.0.0.1:") } == true)
        for loop in group.loops { loop.execute { listener.stopAccepting(on: loop) } }
    }

    @Test func secondListenerOnTheSamePortThrowsAddressInUse() throws {
        let listener = try TCPListener(host: "127.0.0.1", port: 0)
        #expect(throws: NetError.addressInUse(host: "127.0.0.1", port: listener.port)) {
            _ = try TCPListener(host: "127.0.0.1", port: listener.port)
        }
        #expect(throws: NetError.invalidAddress("example.org:80")) {
            _ = try TCPListener(host: "example.org", port: 80)
        }
    }
}

/// A thread-safe counter for callbacks.
final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    func increment() { count.add(1, ordering: .relaxed) }
    var value: Int { count.load(ordering: .relaxed) }
}
