/// The read-only connections of the process: one `Reader` per event loop, so reads never queue behind each other or
/// behind the writer.
///
/// Created at start-up after migrations; loop N uses `reader(N)` and nothing else. Close it before shutting the writer
/// down (GRDB's pool closes its readers before its writer too).
public final class ReaderPool: Sendable {
    private let readers: [Reader]

    /// Opens `count` read-only connections to `configuration.path` (which must exist).
    /// - Throws: `StoreError.openFailed` and friends when a connection cannot be opened.
    public init(configuration: StoreConfiguration, count: Int) throws {
        precondition(count > 0, "a ReaderPool needs at least one reader")
        var readers: [Reader] = []
        for _ in 0..<count {
            readers.append(try Reader(configuration: configuration))
        }
        self.readers = readers
    }

    /// How many readers the pool holds.
    public var count: Int { readers.count }

    /// Reader number `index` (0 ..< count), for event loop `index`.
    public func reader(_ index: Int) -> Reader {
        precondition(readers.indices.contains(index), "reader \(index) out of 0..<\(readers.count)")
        return readers[index]
    }

    /// Closes every reader (a reader in the middle of a read closes when that read ends). Idempotent.
    public func close() {
        for reader in readers { reader.close() }
    }
}
