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
        try LoopbackSocket.connect(port: port)
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
