import Net
@testable import WebSocket

/// A blocking WebSocket client over a raw socket for server tests: sends exact bytes (including broken frames) and
/// reads the server's HTTP answer and frames.
///
/// Used by one test on its own thread; every read times out so a broken server fails the test instead of hanging.
final class WebSocketTestClient {
    let socket: SystemBlockingSocket
    private var buffer: [UInt8] = []
    private var decoder = WebSocketFrameDecoder(role: .client, maxFrameBytes: 1 << 24)

    init(port: Int) throws {
        socket = try SystemBlockingSocket.connect(host: "127.0.0.1", port: port, timeout: .seconds(5))
    }

    static func upgradeRequest(path: String = "/ws", extraHeaders: String = "") -> [UInt8] {
        Array(("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\(extraHeaders)\r\n").utf8)
    }

    func send(_ bytes: [UInt8]) throws { try socket.send(bytes) }

    /// The HTTP response head and body as text (everything up to the blank line, plus `content-length` bytes).
    func readHTTPResponse() throws -> (head: String, body: String) {
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                buffer.removeSubrange(..<(end + 4))
                let length = head.split(separator: "\r\n").compactMap { line -> Int? in
                    let parts = line.split(separator: ":", maxSplits: 1)
                    guard parts.count == 2, parts[0].lowercased() == "content-length" else { return nil }
                    return Int(parts[1].trimmingCharacters(in: .whitespaces))
                }.first ?? 0
                while buffer.count < length { guard try fill() else { break } }
                let body = String(decoding: buffer.prefix(length), as: UTF8.self)
                buffer.removeFirst(min(length, buffer.count))
                decoder.append(buffer)
                buffer = []
                return (head, body)
            }
            guard try fill() else { return (String(decoding: buffer, as: UTF8.self), "") }
        }
    }

    /// The next frame from the server, or nil when the server closed TCP.
    func readFrame() throws -> WebSocketFrame? {
        while true {
            if let frame = try decoder.next() { return frame }
            let bytes = try socket.receive()
            if bytes.isEmpty { return nil }
            decoder.append(bytes)
        }
    }

    /// Whether the server closed TCP (EOF, or a reset) within the socket timeout; then closes our side too, as a
    /// client does after the server's FIN (RFC 6455 §7.1.1).
    func readsEndOfFile() -> Bool {
        while true {
            do {
                if try socket.receive().isEmpty {
                    socket.close()
                    return true
                }
            } catch .system {
                socket.close()
                return true
            } catch {
                return false
            }
        }
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }

    private func fill() throws -> Bool {
        let bytes = try socket.receive()
        buffer += bytes
        return !bytes.isEmpty
    }
}
