/// A growable run of bytes in memory it owns: the change recorder's row records and keys, and the changeset it writes.
///
/// Exists because appending field by field to a `[UInt8]` stored in a class checks uniqueness, capacity and exclusive
/// access on every append; the recorder's records went through about 300 such appends per lone bid (about 20k
/// instructions). This buffer is reached through one `inout` access per row, keeps its memory across batches, and
/// grows by doubling. Noncopyable, so exactly one owner frees the memory. Owned by the writer thread, like the
/// recorder that holds it.
struct SQLiteChangeBytes: ~Copyable {
    private var base: UnsafeMutableRawPointer
    private var capacity: Int
    /// The number of bytes written.
    private(set) var count = 0

    /// An empty buffer with room for `capacity` bytes.
    init(capacity: Int = 512) {
        self.capacity = max(capacity, 16)
        base = .allocate(byteCount: self.capacity, alignment: 8)
    }

    deinit { base.deallocate() }

    /// Forgets the bytes, keeps the memory.
    mutating func removeAll() {
        count = 0
    }

    /// Forgets the bytes from `offset` on.
    mutating func truncate(to offset: Int) {
        precondition(offset >= 0 && offset <= count, "SQLiteChangeBytes.truncate past the end")
        count = offset
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(minimum: count + extra) }
    }

    private mutating func grow(minimum: Int) {
        var newCapacity = capacity * 2
        while newCapacity < minimum { newCapacity *= 2 }
        let newBase = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 8)
        newBase.copyMemory(from: base, byteCount: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    /// Appends `byteCount` bytes from `start` (nothing when `start` is nil or `byteCount` is 0). `start` must not point
    /// into this buffer.
    @inline(__always)
    mutating func append(_ start: UnsafeRawPointer?, byteCount: Int) {
        guard let start, byteCount > 0 else { return }
        reserve(byteCount)
        (base + count).copyMemory(from: start, byteCount: byteCount)
        count += byteCount
    }

    mutating func append(contentsOf bytes: [UInt8]) {
        bytes.withUnsafeBytes { append($0.baseAddress, byteCount: $0.count) }
    }

    /// Appends bytes `range` of `buffer`, which must not point into this buffer.
    @inline(__always)
    mutating func append(_ buffer: UnsafeBufferPointer<UInt8>, range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= buffer.count, "SQLiteChangeBytes range past the end")
        guard let start = buffer.baseAddress else { return }
        append(UnsafeRawPointer(start + range.lowerBound), byteCount: range.count)
    }

    /// Appends every byte of `buffer`, which must not point into this buffer.
    mutating func append(_ buffer: UnsafeBufferPointer<UInt8>) {
        append(UnsafeRawPointer(buffer.baseAddress), byteCount: buffer.count)
    }

    /// Appends `value` as 8 big-endian bytes.
    @inline(__always)
    mutating func appendBigEndian(_ value: UInt64) {
        reserve(8)
        base.storeBytes(of: value.bigEndian, toByteOffset: count, as: UInt64.self)
        count += 8
    }

    /// Appends `value` as SQLite's varint (big-endian groups of 7 bits, the ninth byte holding 8).
    mutating func appendVarint(_ value: UInt64) {
        if value <= 0x7f {
            append(UInt8(value))
            return
        }
        reserve(9)
        if value & 0xff00_0000_0000_0000 != 0 {
            var rest = value
            base.storeBytes(of: UInt8(truncatingIfNeeded: rest), toByteOffset: count + 8, as: UInt8.self)
            rest >>= 8
            for index in stride(from: 7, through: 0, by: -1) {
                base.storeBytes(of: UInt8(truncatingIfNeeded: rest & 0x7f) | 0x80, toByteOffset: count + index,
                                as: UInt8.self)
                rest >>= 7
            }
            count += 9
            return
        }
        var length = 0
        var rest = value
        while rest != 0 {
            length += 1
            rest >>= 7
        }
        rest = value
        for index in stride(from: length - 1, through: 0, by: -1) {
            let last: UInt8 = index == length - 1 ? 0 : 0x80
            base.storeBytes(of: UInt8(truncatingIfNeeded: rest & 0x7f) | last, toByteOffset: count + index,
                            as: UInt8.self)
            rest >>= 7
        }
        count += length
    }

    /// Calls `body` with the bytes written; the pointer is valid only inside `body`, and only while nothing is
    /// appended.
    func withBytes<Result, Failure: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(Failure) -> Result)
        throws(Failure) -> Result {
        try body(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: count))
    }

    /// A copy of the bytes written.
    var array: [UInt8] {
        Array(UnsafeRawBufferPointer(start: base, count: count))
    }
}
