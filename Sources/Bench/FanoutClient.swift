import Net
import Synchronization

/// One benchmark WebSocket client on a client event loop: sends the upgrade request (token in the query) and a
/// masked `subscribe` frame at once, then reads server frames and reports `subscribed` and every `event`'s seq.
///
/// Owned by its loop (a `TCPConnectionHandler`; every method runs on `tcp.loop`'s thread). Parses just enough of
/// RFC 6455 for unmasked server frames; not a general client.
final class FanoutClient: TCPConnectionHandler {
    let tcp: TCPConnection
    private let receipts: FanoutReceipts
    private var buffer: [UInt8] = []
    private var isUpgraded = false

    /// Loop thread: wraps the connected `descriptor` and sends the handshake and the subscription.
    init(descriptor: Int32, port: Int, token: String, topic: String, loop: EventLoop, receipts: FanoutReceipts) throws {
        self.receipts = receipts
        tcp = try TCPConnection(descriptor: descriptor, remoteAddress: "127.0.0.1:\(port)", loop: loop,
                                writeLimitBytes: 1 << 16)
        tcp.handler = self
        let request = "GET /ws?token=\(token) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        tcp.enqueue(Array(request.utf8))
        tcp.enqueue(Self.maskedTextFrame(#"{"type":"subscribe","topics":["\#(topic)"]}"#))
        tcp.flush()
    }

    /// A client text frame (RFC 6455 §5.3: clients mask), for payloads under 126 bytes.
    static func maskedTextFrame(_ text: String) -> [UInt8] {
        let payload = Array(text.utf8)
        precondition(payload.count < 126, "benchmark frames are short")
        let mask: [UInt8] = [0x5A, 0x17, 0xC3, 0x08]
        var frame: [UInt8] = [0x81, 0x80 | UInt8(payload.count)] + mask
        for (index, byte) in payload.enumerated() { frame.append(byte ^ mask[index % 4]) }
        return frame
    }

    func connection(_ connection: TCPConnection, didRead bytes: ArraySlice<UInt8>) {
        buffer.append(contentsOf: bytes)
        if !isUpgraded {
            guard let end = headEnd() else { return }
            guard buffer.starts(with: Array("HTTP/1.1 101".utf8)) else {
                receipts.recordFailure()
                tcp.close()
                return
            }
            buffer.removeSubrange(..<(end + 4))
            isUpgraded = true
        }
        var offset = 0
        while let (opcode, payload, next) = frame(at: offset) {
            if opcode == 0x1 { handleText(payload) }
            offset = next
        }
        if offset > 0 { buffer.removeSubrange(..<offset) }
    }

    func connectionDidReadEndOfFile(_ connection: TCPConnection) { tcp.close() }
    func connectionDidWrite(_ connection: TCPConnection) {}
    func connectionDidClose(_ connection: TCPConnection) {}

    private func handleText(_ payload: Range<Int>) {
        let eventPrefix = #"{"type":"event""#.utf8
        let subscribedPrefix = #"{"type":"subscribed""#.utf8
        if buffer[payload].starts(with: eventPrefix) {
            if let seq = seqValue(in: payload) { receipts.record(seq: seq, loopIndex: tcp.loop.index) }
        } else if buffer[payload].starts(with: subscribedPrefix) {
            receipts.recordSubscribed()
        }
    }

    /// The integer after `"seq":` in the payload.
    private static let seqKey = Array(#""seq":"#.utf8)

    private func seqValue(in payload: Range<Int>) -> Int? {
        let key = Self.seqKey
        var index = payload.lowerBound
        while index + key.count <= payload.upperBound {
            if buffer[index] == key[0], (1..<key.count).allSatisfy({ buffer[index + $0] == key[$0] }) {
                var value = 0
                var digit = index + key.count
                while digit < payload.upperBound, buffer[digit] >= 48, buffer[digit] <= 57 {
                    value = value * 10 + Int(buffer[digit] - 48)
                    digit += 1
                }
                return value
            }
            index += 1
        }
        return nil
    }

    /// The frame starting at `offset`: opcode, payload range in `buffer`, and the next frame's offset; nil if partial.
    private func frame(at offset: Int) -> (UInt8, Range<Int>, Int)? {
        guard buffer.count - offset >= 2 else { return nil }
        let opcode = buffer[offset] & 0x0F
        var length = Int(buffer[offset + 1] & 0x7F)
        var header = 2
        if length == 126 {
            guard buffer.count - offset >= 4 else { return nil }
            length = Int(buffer[offset + 2]) << 8 | Int(buffer[offset + 3])
            header = 4
        } else if length == 127 {
            guard buffer.count - offset >= 10 else { return nil }
            length = (0..<8).reduce(0) { $0 << 8 | Int(buffer[offset + 2 + $1]) }
            header = 10
        }
        let start = offset + header
        guard buffer.count - start >= length else { return nil }
        return (opcode, start..<(start + length), start + length)
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for index in 0...(buffer.count - 4)
        where buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
            return index
        }
        return nil
    }
}
