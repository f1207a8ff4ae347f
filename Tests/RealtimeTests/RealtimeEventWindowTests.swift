import Testing
import WebSocket
@testable import Realtime

@Suite struct RealtimeEventWindowTests {
    private func window(capacity: Int, through lastSeq: Int64) -> RealtimeEventWindow {
        var window = RealtimeEventWindow(capacity: capacity)
        for seq in stride(from: Int64(1), through: lastSeq, by: 1) {
            window.append(WebSocketOutboundMessage(text: "\(seq)"), seq: seq)
        }
        return window
    }

    private func seqs(_ messages: [WebSocketOutboundMessage]?) -> [Int]? {
        messages?.map { Int(String(decoding: $0.frameBytes.dropFirst(2), as: UTF8.self)) ?? -1 }
    }

    @Test(arguments: [
        // (capacity, lastSeq, fromSeq, expected replay or nil for resync)
        (4, 0, 0, [Int]?.some([])), (4, 3, 0, [1, 2, 3]), (4, 3, 2, [3]), (4, 3, 3, []), (4, 3, 4, nil),
        (4, 10, 6, [7, 8, 9, 10]), (4, 10, 5, nil), (4, 10, 9, [10]), (4, 10, 10, []), (1, 5, 4, [5]), (1, 5, 3, nil),
    ])
    func replaysOnlyWithinTheWindow(capacity: Int, lastSeq: Int, fromSeq: Int, expected: [Int]?) {
        let window = window(capacity: capacity, through: Int64(lastSeq))
        #expect(seqs(window.events(after: Int64(fromSeq))) == expected)
        #expect(window.count == min(capacity, lastSeq))
        #expect(window.lastSeq == Int64(lastSeq))
    }

    @Test func wrapsAroundManyTimesInOrder() {
        let window = window(capacity: 3, through: 1_000)
        #expect(window.firstSeq == 998)
        #expect(seqs(window.events(after: 997)) == [998, 999, 1_000])
    }
}

@Suite struct RealtimeEventWindowByteLimitTests {
    @Test func dropsTheOldestBeyondTheByteLimitButKeepsTheNewest() {
        var window = RealtimeEventWindow(capacity: 100, limitBytes: 500)
        for seq in Int64(1)...20 { window.append(WebSocketOutboundMessage(text: String(repeating: "x", count: 98)), seq: seq) }
        #expect(window.count == 5, "100-byte frames, 500 bytes kept")
        #expect(window.byteCount == 500)
        #expect(window.events(after: 15)?.count == 5)
        #expect(window.events(after: 14) == nil)
        window.append(WebSocketOutboundMessage(text: String(repeating: "y", count: 5_000)), seq: 21)
        #expect(window.count == 1, "an oversized event replaces the rest and is still kept")
        #expect(window.events(after: 20)?.count == 1)
    }
}
