/// The body of `GET /replication/records`: records framed back to back.
///
/// Each frame: the magic `WGR1`, then seq, term and committed-at (8-byte big-endian each), then checksum, changeset
/// and events as length-prefixed fields (4-byte big-endian length). An empty body means "nothing new". Pure; any thread.
public enum ReplicationRecordCodec {
    static let magic: [UInt8] = Array("WGR1".utf8)

    /// Frames `records` in order.
    public static func encode(_ records: [ReplicationRecord]) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(records.reduce(0) { $0 + 72 + $1.changeset.count + $1.events.count })
        for record in records { append(record, to: &bytes) }
        return bytes
    }

    /// Appends one framed record.
    static func append(_ record: ReplicationRecord, to bytes: inout [UInt8]) {
        bytes.append(contentsOf: magic)
        ReplicationBytes.appendInt64(record.seq, to: &bytes)
        ReplicationBytes.appendInt64(record.term, to: &bytes)
        ReplicationBytes.appendInt64(record.committedAtMilliseconds, to: &bytes)
        ReplicationBytes.appendField(record.checksum, to: &bytes)
        ReplicationBytes.appendField(record.changeset, to: &bytes)
        ReplicationBytes.appendField(record.events, to: &bytes)
    }

    /// Reads every frame of `bytes`.
    /// - Throws: `ReplicationError.malformedFrame` at the first byte that does not fit the layout.
    public static func decode(_ bytes: [UInt8]) throws(ReplicationError) -> [ReplicationRecord] {
        var reader = ReplicationByteReader(bytes)
        var records: [ReplicationRecord] = []
        while !reader.isAtEnd {
            let start = reader.offset
            guard Array(try reader.take(4)) == magic else {
                throw .malformedFrame(offset: start, detail: "bad magic")
            }
            let seq = try reader.readInt64()
            let term = try reader.readInt64()
            let committedAt = try reader.readInt64()
            let checksum = try reader.readField()
            let changeset = try reader.readField()
            let events = try reader.readField()
            records.append(ReplicationRecord(seq: seq, term: term, changeset: changeset, events: events,
                                             checksum: checksum, committedAtMilliseconds: committedAt))
        }
        return records
    }
}
