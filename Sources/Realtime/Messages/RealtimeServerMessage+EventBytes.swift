import Codecs

extension RealtimeServerMessage {
    /// The UTF-8 bytes of `.event(topic:seq:event:dataJSON:)`'s `text`, written into one buffer with `JSONWriter`:
    /// the hub encodes every committed event on the publishing thread (the writer's, after commit), and the `String`
    /// interpolation, the quoting into `String`s and the copy back to bytes cost about three times as much.
    /// `RealtimeServerMessageTests` checks the bytes against `text` for random events.
    static func eventPayload(topic: String, seq: Int64, event: String, dataJSON: [UInt8]) -> [UInt8] {
        var payload: [UInt8] = []
        payload.reserveCapacity(eventPrefix.count + topic.utf8.count + event.utf8.count + dataJSON.count + 48)
        payload.append(contentsOf: eventPrefix)
        JSONWriter.writeString(topic, into: &payload)
        payload.append(contentsOf: seqKey)
        JSONWriter.writeInteger(seq, into: &payload)
        payload.append(contentsOf: eventKey)
        JSONWriter.writeString(event, into: &payload)
        payload.append(contentsOf: dataKey)
        appendObject(dataJSON, to: &payload)
        payload.append(UInt8(ascii: "}"))
        return payload
    }

    /// What `RealtimeJSON.object` gives, as bytes: `json` itself (repaired as `String(decoding:)` repairs invalid
    /// UTF-8), or `{}` when it is empty or only whitespace.
    private static func appendObject(_ json: [UInt8], to payload: inout [UInt8]) {
        let isBlank = json.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        // One OR over every byte, no early exit: the compiler vectorises it (two tests a byte cost ~1k an event).
        var union: UInt8 = 0
        for byte in json { union |= byte }
        let isASCII = union < 0x80
        if isBlank {
            payload.append(contentsOf: emptyObject)
        } else if isASCII {
            payload.append(contentsOf: json)
        } else {
            payload.append(contentsOf: String(decoding: json, as: UTF8.self).utf8)
        }
    }

    private static let eventPrefix: [UInt8] = Array(#"{"type":"event","topic":"#.utf8)
    private static let seqKey: [UInt8] = Array(#","seq":"#.utf8)
    private static let eventKey: [UInt8] = Array(#","event":"#.utf8)
    private static let dataKey: [UInt8] = Array(#","data":"#.utf8)
    private static let emptyObject: [UInt8] = Array("{}".utf8)
}
