import Foundation
@testable import HTTP
import Locking
import Net
import Testing
import TestSupport

/// A blocking TCP client speaking raw bytes, for server tests (malformed input, pipelining, slow senders).
///
/// Used by one test at a time on its own thread. Reads time out after `timeout` so a broken server fails the test.
final class RawClient {
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    init(port: Int, timeout: Duration = .seconds(5)) throws {
        descriptor = try LoopbackSocket.connect(port: port, timeout: timeout)
    }

    deinit { close(descriptor) }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw RawClientError.system(function: "send", errno: errno) }
            offset += written
        }
    }

    /// Reads more bytes into the buffer; false on end-of-file.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK { throw RawClientError.timedOut }
            if errno == ECONNRESET { return false }
            throw RawClientError.system(function: "recv", errno: errno)
        }
        if count == 0 { return false }
        buffer.append(contentsOf: chunk[0..<count])
        return true
    }

    /// Reads one response (status line, headers, content-length body; no body for HEAD / 1xx / 204 / 304).
    func readResponse(isHead: Bool = false) throws -> RawResponse {
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            headEnd = buffer.firstRange(of: terminator)?.upperBound
            if headEnd == nil { guard try fill() else { throw RawClientError.closed } }
        }
        guard let headEnd else { throw RawClientError.closed }
        let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n").filter { !$0.isEmpty }
        let statusLine = lines.removeFirst()
        let status = Int(statusLine.split(separator: " ")[1]) ?? -1
        var headers: [(String, String)] = []
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((line[..<colon].lowercased(), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        let length = headers.first { $0.0 == "content-length" }.flatMap { Int($0.1) } ?? 0
        let bodyLength = (isHead || status < 200 || status == 204 || status == 304) ? 0 : length
        while buffer.count < headEnd + bodyLength { guard try fill() else { throw RawClientError.closed } }
        let body = Array(buffer[headEnd..<headEnd + bodyLength])
        buffer.removeFirst(headEnd + bodyLength)
        return RawResponse(status: status, headers: headers, body: body)
    }

    /// True if the server closed the connection (end-of-file or reset) with no further bytes before the timeout.
    func isClosedByPeer() -> Bool {
        do { return try !fill() } catch { return false }
    }
}

/// A response as `RawClient` read it.
struct RawResponse {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    var bodyText: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? { headers.first { $0.0 == name.lowercased() }?.1 }
}

/// Why a `RawClient` call failed.
enum RawClientError: Error {
    case system(function: String, errno: Int32)
    case timedOut
    case closed
}

/// A started server on an ephemeral port with its own loop group; shut down by `stop()`.
final class TestServer {
    let group: EventLoopGroup
    let server: HTTPServer
    let records = RecordSink()

    init(loops: Int = 2, configure: (inout HTTPServerConfiguration) -> Void = { _ in },
         routes: (inout Router) -> Void) throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        var router = Router()
        routes(&router)
        group = try EventLoopGroup(loopCount: loops, threadNamePrefix: "test-loop")
        let records = self.records
        server = HTTPServer(configuration: configuration, group: group, router: router) { records.append($0) }
        try server.start()
    }

    var port: Int { server.localPort }

    func client(timeout: Duration = .seconds(5)) throws -> RawClient { try RawClient(port: port, timeout: timeout) }

    @discardableResult
    func stop(deadline: Duration = .seconds(2)) -> Bool {
        let drained = server.shutdown(deadline: deadline)
        group.shutdown()
        return drained
    }

    deinit { stop() }
}

/// Collects request records from the loops.
final class RecordSink: Sendable {
    private let records = Locked<[HTTPRequestRecord]>([])
    func append(_ record: HTTPRequestRecord) { records.withLock { $0.append(record) } }
    var all: [HTTPRequestRecord] { records.withLock { $0 } }
}

/// Waits until `condition` holds or `timeout` passes.
func waitUntil(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    TestSupport.waitUntil(timeout, condition)
}
