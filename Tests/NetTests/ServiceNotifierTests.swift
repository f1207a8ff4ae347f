import Foundation
import Glibc
import Net
import Testing
import TestSupport

/// A socket listener stands in for systemd and receives the datagrams.
@Suite struct ServiceNotifierTests {
    @Test func withoutNotifySocketNothingIsSent() throws {
        #expect(try ServiceNotifier.notify(["READY=1"], environment: [:]) == false)
    }

    @Test func sendsOneDatagramToAPathSocket() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("notify.sock")
        let listener = try DatagramListener(path: path)
        #expect(try ServiceNotifier.notify(["READY=1", "STATUS=serving"], environment: ["NOTIFY_SOCKET": path]))
        #expect(listener.receive() == "READY=1\nSTATUS=serving\n")
    }

    @Test func sendsToAnAbstractSocket() throws {
        let name = "@worldgame-test-\(UUID().uuidString.prefix(8))"
        let listener = try DatagramListener(abstractName: String(name.dropFirst()))
        #expect(try ServiceNotifier.notify(["STOPPING=1"], environment: ["NOTIFY_SOCKET": name]))
        #expect(listener.receive() == "STOPPING=1\n")
    }

    @Test func missingListenerIsAnErrorNotACrash() throws {
        #expect(throws: ServiceNotifier.Failure.self) {
            try ServiceNotifier.notify(["READY=1"], environment: ["NOTIFY_SOCKET": "/nonexistent/worldgame.sock"])
        }
    }
}

/// A bound AF_UNIX datagram socket, as systemd's notify socket is.
final class DatagramListener {
    let descriptor: Int32

    init(path: String) throws { descriptor = try Self.bind(bytes: Array(path.utf8), abstract: false) }
    init(abstractName: String) throws { descriptor = try Self.bind(bytes: Array(abstractName.utf8), abstract: true) }

    private static func bind(bytes: [UInt8], abstract: Bool) throws -> Int32 {
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let full = abstract ? [0] + bytes : bytes
        withUnsafeMutableBytes(of: &address.sun_path) { raw in for (index, byte) in full.enumerated() { raw[index] = byte } }
        let length = socklen_t(2 + full.count + (abstract ? 0 : 1))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.bind(descriptor, $0, length) }
        }
        try #require(result == 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return descriptor
    }

    func receive() -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(descriptor, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    deinit { close(descriptor) }
}
