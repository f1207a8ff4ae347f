import Engine
import Game
import Testing
import TestSupport

/// `DomainEventCoding`: the bytes a log record carries for a publication are, byte for byte, what the first form of
/// `encode` (kept below as `referenceEncode`) wrote, for random events with non-ASCII and escaped text, big and
/// negative integers; `decode` gives the events back; bad bytes are refused with where they end.
@Suite struct DomainEventCodingTests {
    /// `encode` as it was first written: each string copied through `Array(_.utf8)`, the buffer grown as it goes.
    static func referenceEncode(_ events: [DomainEvent]) -> [UInt8] {
        func appendLength(_ length: Int, to bytes: inout [UInt8]) {
            let value = UInt32(truncatingIfNeeded: length)
            bytes.append(contentsOf: [UInt8(value >> 24), UInt8(value >> 16 & 0xff), UInt8(value >> 8 & 0xff),
                                      UInt8(value & 0xff)])
        }
        func appendField(_ field: [UInt8], to bytes: inout [UInt8]) {
            appendLength(field.count, to: &bytes)
            bytes.append(contentsOf: field)
        }
        var bytes: [UInt8] = []
        appendLength(events.count, to: &bytes)
        for event in events {
            appendField(Array(event.topic.utf8), to: &bytes)
            appendField(Array(event.type.utf8), to: &bytes)
            appendField(event.dataJSON, to: &bytes)
        }
        return bytes
    }

    static let texts = [
        "", "auctions", "auction:12", "player:7", "square:-3", "market:wheat", "bid_placed", "x\"y\\z\u{1}\n",
        "plαyer:5", "日本語のトピック", "🎉🎉", "e\u{301}", String(repeating: "long", count: 300),
        // A bridged-looking string built from a substring (not necessarily native storage).
        String("prefix:tail".dropFirst(7)),
    ]

    static func randomEvents(_ generator: inout SplitMix64) -> [DomainEvent] {
        (0..<Int.random(in: 0...9, using: &generator)).map { _ in
            var data = "{"
            for index in 0..<Int.random(in: 0...5, using: &generator) {
                if index > 0 { data += "," }
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: data += #""n\#(index)":\#(Int64.random(in: Int64.min...Int64.max, using: &generator))"#
                case 1: data += #""s\#(index)":"\"\\\u0007 ü 🎉""#
                default: data += #""o\#(index)":{"big":99999999999999999999999,"neg":-0}"#
                }
            }
            data += Bool.random(using: &generator) ? "}" : "} \n"
            return DomainEvent(topic: texts.randomElement(using: &generator) ?? "",
                               type: texts.randomElement(using: &generator) ?? "",
                               dataJSON: Array(data.utf8))
        }
    }

    @Test func randomEventsEncodeAsBeforeAndDecodeBack() throws {
        var generator = SplitMix64(seed: 11)
        for round in 0..<500 {
            let events = Self.randomEvents(&generator)
            let bytes = DomainEventCoding.encode(events)
            #expect(bytes == Self.referenceEncode(events), "round \(round)")
            #expect(try DomainEventCoding.decode(bytes) == events, "round \(round)")
        }
    }

    @Test func anEmptyListIsFourZeroBytes() throws {
        #expect(DomainEventCoding.encode([]) == [0, 0, 0, 0])
        #expect(try DomainEventCoding.decode([0, 0, 0, 0]) == [])
    }

    @Test func badBytesAreRefusedWithWhereTheyEnd() {
        let bytes = DomainEventCoding.encode([DomainEvent(topic: "auctions", type: "t", dataJSON: Array("{}".utf8))])
        #expect(throws: DomainEventCoding.DecodingError.truncated(offset: 0, needed: 4)) {
            try DomainEventCoding.decode([0, 0])
        }
        #expect(throws: DomainEventCoding.DecodingError.truncated(offset: 25, needed: 2)) {
            try DomainEventCoding.decode(Array(bytes.dropLast()))
        }
        #expect(throws: DomainEventCoding.DecodingError.trailingBytes(count: 1)) {
            try DomainEventCoding.decode(bytes + [0])
        }
    }
}
