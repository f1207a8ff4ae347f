/// The `events` column of a log record: the batch's `Transaction.attach` payloads, each length-prefixed, in command
/// order. Replication never looks inside a payload (the App layer gives it domain events and reads them back).
public enum ReplicationEvents {
    /// Frames `attachments` (an empty list gives an empty byte string).
    public static func encode(_ attachments: [[UInt8]]) -> [UInt8] {
        var bytes: [UInt8] = []
        for attachment in attachments { ReplicationBytes.appendField(attachment, to: &bytes) }
        return bytes
    }

    /// The payloads `encode` framed.
    public static func decode(_ bytes: [UInt8]) throws(ReplicationError) -> [[UInt8]] {
        var reader = ReplicationByteReader(bytes)
        var attachments: [[UInt8]] = []
        while !reader.isAtEnd { attachments.append(try reader.readField()) }
        return attachments
    }
}
