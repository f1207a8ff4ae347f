import Testing
import WebSocket
@testable import Realtime

@Suite struct RealtimeEventWindowTests {
    private func window(capacity: Int, seqs: [Int64], floor: Int64 = 0) -> RealtimeEventWindow {
        var window = RealtimeEventWindow(capacity: capacity, floor: floor)
        for seq in seqs { window.append(WebSocketOutboundMessage(text: "\(seq)"), seq: seq) }
        return window
    }

    private func window(capacity: Int, through lastSeq: Int64) -> RealtimeEventWindow {
        window(capacity: capacity, seqs: lastSeq < 1 ? [] : Array(1...lastSeq))
    }

    private func seqs(_ messages: [WebSocketOutboundMessage]?) -> [Int]? {
        messages?.map { Int(String(decoding: $0.frameBytes.dropFirst(2), as: UTF8.self)) ?? -1 }
    }

    @Test(arguments: [
        // (capacity, lastSeq, fromSeq, expected replay or nil for resync)
        (4, 0, 0, [Int]?.some([])), (4, 3, 0, [1, 2, 3]), (4, 3, 2, [3]), (4, 3, 3, []), (4, 3, 4, []),
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
        #expect(window.floor == 997)
        #expect(seqs(window.events(after: 997)) == [998, 999, 1_000])
    }

    @Test(arguments: [
        // Sparse seqs (log positions): a fromSeq between two held events replays from the next one.
        (99, [100, 230, 231, 5_000]), (100, [230, 231, 5_000]), (150, [230, 231, 5_000]),
        (231, [5_000]), (4_999, [5_000]), (5_000, []), (6_000, []), (50, [100, 230, 231, 5_000]), (49, nil),
    ] as [(Int64, [Int]?)])
    func replaysSparseSeqsAfterAnyPositionAboveTheFloor(fromSeq: Int64, expected: [Int]?) {
        let window = window(capacity: 8, seqs: [100, 230, 231, 5_000], floor: 50)
        #expect(seqs(window.events(after: fromSeq)) == expected)
    }

    @Test func resetForgetsEverythingAndRaisesTheFloorAndTheCounter() {
        var window = window(capacity: 8, seqs: [10, 20, 30])
        window.reset(floor: 25)
        #expect(window.count == 0 && window.byteCount == 0)
        #expect(window.floor == 25)
        #expect(window.lastSeq == 30, "never lowered")
        #expect(window.events(after: 24) == nil)
        #expect(seqs(window.events(after: 25)) == [])
        window.reset(floor: 100)
        #expect(window.lastSeq == 100 && window.floor == 100)
        window.raise(to: 90)
        #expect(window.lastSeq == 100)
        window.raise(to: 140)
        window.append(WebSocketOutboundMessage(text: "141"), seq: 141)
        #expect(seqs(window.events(after: 100)) == [141])
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
