/// The bytes a write connection appended to its WAL file and has not yet handed to the kernel: one contiguous run,
/// from `startOffset`, at most `limitBytes` long.
///
/// Owned by the `SQLiteWALFile` of one WAL file handle, so by the thread that owns its connection (the writer thread).
/// The memory is kept between commits (it grows to the largest run seen, at most `limitBytes`), so a commit does not
/// pay for page faults or `malloc` of its frames' bytes.
final class SQLiteWALAppendBuffer {
    /// A run never grows past this: a larger commit is handed to the kernel in several runs. It is the most the `unix`
    /// VFS's xWrite writes in one call (its `seekAndWriteFd` masks the amount with `0x1ffff`), about 31 frames of
    /// 4 KiB pages: a lone bid writes ~9 frames (one run), a batch of 64 bids ~550 (18 runs instead of ~1,100 writes).
    static let limitBytes = 0x1ffff

    private var storage: UnsafeMutableRawPointer?
    private var capacityBytes = 0
    /// The file offset of the first buffered byte.
    private(set) var startOffset: Int64 = 0
    /// How many bytes are buffered.
    private(set) var countBytes = 0

    init() {}

    deinit { storage?.deallocate() }

    var isEmpty: Bool { countBytes == 0 }

    /// The file offset just past the last buffered byte.
    var endOffset: Int64 { startOffset + Int64(countBytes) }

    /// Whether `amountBytes` written at `offset` can join the buffer: it is empty, or the write starts where the run
    /// ends, and the run stays within `limitBytes`.
    func canAppend(amountBytes: Int, at offset: Int64) -> Bool {
        guard amountBytes <= Self.limitBytes else { return false }
        return isEmpty || (offset == endOffset && countBytes + amountBytes <= Self.limitBytes)
    }

    /// Whether the buffered run and the `amountBytes` at `offset` share a byte.
    func overlaps(amountBytes: Int, at offset: Int64) -> Bool {
        !isEmpty && offset < endOffset && offset + Int64(amountBytes) > startOffset
    }

    /// Copies `amountBytes` from `bytes` to the end of the run (or starts a run at `offset` when empty). The caller
    /// checked `canAppend`.
    func append(_ bytes: UnsafeRawPointer, amountBytes: Int, at offset: Int64) {
        precondition(canAppend(amountBytes: amountBytes, at: offset), "WAL append buffer: not contiguous or too large")
        if isEmpty { startOffset = offset }
        reserve(countBytes + amountBytes)
        guard let storage else { preconditionFailure("WAL append buffer: no storage after reserve") }
        (storage + countBytes).copyMemory(from: bytes, byteCount: amountBytes)
        countBytes += amountBytes
    }

    /// Calls `body` with the buffered bytes (nil when empty) and their count.
    func withBytes<T>(_ body: (UnsafeRawPointer?, Int) -> T) -> T {
        body(storage.map { UnsafeRawPointer($0) }, countBytes)
    }

    /// Forgets the buffered run (after it was written, or when it must not be).
    func removeAll() { countBytes = 0 }

    private func reserve(_ neededBytes: Int) {
        guard neededBytes > capacityBytes else { return }
        let newCapacity = min(Self.limitBytes, max(neededBytes, capacityBytes * 2, 32 * 1024))
        let grown = UnsafeMutableRawPointer.allocate(byteCount: newCapacity, alignment: 16)
        if let storage {
            grown.copyMemory(from: storage, byteCount: countBytes)
            storage.deallocate()
        }
        storage = grown
        capacityBytes = newCapacity
    }
}
