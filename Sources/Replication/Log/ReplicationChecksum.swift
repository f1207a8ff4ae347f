import Crypto

/// The running checksum that chains log records: SHA-256(previous ‖ seq ‖ term ‖ changeset).
///
/// `seq` and `term` enter as 8-byte big-endian integers. The chain starts from 32 zero bytes. Two nodes with equal
/// checksums at the same seq applied the same changesets in the same order. Pure; any thread.
public enum ReplicationChecksum {
    /// The checksum before the first record.
    public static let initial = [UInt8](repeating: 0, count: 32)

    /// The checksum through a record with `seq`, `term` and `changeset` following `previous`.
    public static func next(previous: [UInt8], seq: Int64, term: Int64, changeset: [UInt8]) -> [UInt8] {
        var input = previous
        input.reserveCapacity(previous.count + 16 + changeset.count)
        ReplicationBytes.appendInt64(seq, to: &input)
        ReplicationBytes.appendInt64(term, to: &input)
        input.append(contentsOf: changeset)
        return SHA256.hash(input)
    }
}
