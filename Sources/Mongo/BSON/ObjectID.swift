import Codecs
/// A 12-byte BSON ObjectId: 4-byte big-endian seconds, 5 random bytes, 3-byte big-endian counter.
///
/// A plain value. Parsing and printing use the usual 24 lower-case hex digits.
public struct ObjectID: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The 12 bytes.
    public let bytes: [UInt8]

    /// - Returns: nil unless `bytes` has exactly 12 elements.
    public init?(bytes: [UInt8]) {
        guard bytes.count == 12 else { return nil }
        self.bytes = bytes
    }

    /// Parses 24 hex digits; nil for anything else.
    public init?(hex: String) {
        guard hex.utf8.count == 24, let bytes = Hex.decode(hex) else { return nil }
        self.bytes = bytes
    }

    /// Builds an id from its parts (seconds since the epoch, 5 process bytes, a counter).
    public init(seconds: UInt32, process: [UInt8], counter: UInt32) {
        var bytes: [UInt8] = [UInt8(truncatingIfNeeded: seconds >> 24), UInt8(truncatingIfNeeded: seconds >> 16),
                              UInt8(truncatingIfNeeded: seconds >> 8), UInt8(truncatingIfNeeded: seconds)]
        bytes += (process + [0, 0, 0, 0, 0]).prefix(5)
        bytes += [UInt8(truncatingIfNeeded: counter >> 16), UInt8(truncatingIfNeeded: counter >> 8),
                  UInt8(truncatingIfNeeded: counter)]
        self.bytes = bytes
    }

    public var description: String { Hex.encode(bytes) }
}
