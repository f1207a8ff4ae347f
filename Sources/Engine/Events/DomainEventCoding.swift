import Game

/// The binary form of a list of `DomainEvent`s that replication carries in a log record, so a standby republishes
/// exactly the events the primary published for the same batch.
///
/// Layout: a big-endian `UInt32` event count, then per event three length-prefixed (`UInt32`, big-endian) byte
/// strings: topic (UTF-8), type (UTF-8), data (the event's JSON bytes). Pure functions; any thread.
public enum DomainEventCoding {
    /// What `decode` throws for bytes that are not an encoded event list.
    public enum DecodingError: Error, Equatable {
        /// The bytes end at `offset` where `needed` more bytes were expected.
        case truncated(offset: Int, needed: Int)
        /// Bytes remain after the last event.
        case trailingBytes(count: Int)
    }

    /// Encodes `events` in order, into one buffer sized first (each event's strings copied from their own UTF-8
    /// bytes: `Array(topic.utf8)` and growing the buffer cost a bid's publication ~7k instructions).
    public static func encode(_ events: [DomainEvent]) -> [UInt8] {
        var byteCount = 4
        for event in events { byteCount += 12 + event.topic.utf8.count + event.type.utf8.count + event.dataJSON.count }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(byteCount)
        appendLength(events.count, to: &bytes)
        for event in events {
            appendField(event.topic, to: &bytes)
            appendField(event.type, to: &bytes)
            appendLength(event.dataJSON.count, to: &bytes)
            bytes.append(contentsOf: event.dataJSON)
        }
        return bytes
    }

    /// Decodes what `encode` produced.
    public static func decode(_ bytes: [UInt8]) throws(DecodingError) -> [DomainEvent] {
        var offset = 0
        let count = try readLength(bytes, &offset)
        var events: [DomainEvent] = []
        events.reserveCapacity(min(count, 4096))
        for _ in 0..<count {
            let topic = try readField(bytes, &offset)
            let type = try readField(bytes, &offset)
            let data = try readField(bytes, &offset)
            events.append(DomainEvent(topic: String(decoding: topic, as: UTF8.self),
                                      type: String(decoding: type, as: UTF8.self), dataJSON: data))
        }
        guard offset == bytes.count else { throw .trailingBytes(count: bytes.count - offset) }
        return events
    }

    private static func appendLength(_ length: Int, to bytes: inout [UInt8]) {
        let value = UInt32(truncatingIfNeeded: length)
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    private static func appendField(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { utf8 in
            appendLength(utf8.count, to: &bytes)
            bytes.append(contentsOf: utf8)
        }
    }

    private static func readLength(_ bytes: [UInt8], _ offset: inout Int) throws(DecodingError) -> Int {
        guard bytes.count - offset >= 4 else { throw .truncated(offset: offset, needed: 4) }
        let value = bytes[offset..<offset + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
        offset += 4
        return Int(value)
    }

    private static func readField(_ bytes: [UInt8], _ offset: inout Int) throws(DecodingError) -> [UInt8] {
        let length = try readLength(bytes, &offset)
        guard bytes.count - offset >= length else { throw .truncated(offset: offset, needed: length) }
        defer { offset += length }
        return Array(bytes[offset..<offset + length])
    }
}
