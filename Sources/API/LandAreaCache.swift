import Locking

/// Encoded `GET /api/land-squares` bodies per event loop, valid for one database version: map browsing asks for the
/// same areas again and again, and a 100-square body costs about 2.4 M instructions to query and encode.
///
/// Invalidation is exact: an entry carries the `PRAGMA data_version` of the reader's snapshot it was built in, and
/// is only served from a read whose snapshot has the same version, which SQLite guarantees means no other
/// connection committed in between (https://www.sqlite.org/pragma.html#pragma_data_version). The reader never
/// writes, so every commit by the Writer changes the version. One `Locked` per loop (each loop reads only its own,
/// so it is never contended); at most `capacity` areas per loop, and a full map is emptied rather than aged.
final class LandAreaCache: Sendable {
    /// A requested area, inclusive bounds.
    struct Area: Hashable, Sendable {
        var minX: Int64
        var minY: Int64
        var maxX: Int64
        var maxY: Int64
    }

    private struct Entry: Sendable {
        var version: Int64
        var body: [UInt8]
    }

    /// One loop's entries (a class, kept apart per loop).
    private final class LoopEntries: Sendable {
        let entries = Locked<[Area: Entry]>([:])
    }

    private let loops: [LoopEntries]
    let capacity: Int

    init(loopCount: Int, capacity: Int = 256) {
        loops = (0..<max(loopCount, 1)).map { _ in LoopEntries() }
        self.capacity = capacity
    }

    /// The body stored for `area` on loop `loopIndex` if it was built at `version`.
    func body(for area: Area, version: Int64, loopIndex: Int) -> [UInt8]? {
        guard loops.indices.contains(loopIndex) else { return nil }
        return loops[loopIndex].entries.withLock { entries in
            guard let entry = entries[area], entry.version == version else { return nil }
            return entry.body
        }
    }

    /// Remembers `body` for `area` at `version` on loop `loopIndex`.
    func store(_ body: [UInt8], for area: Area, version: Int64, loopIndex: Int) {
        guard loops.indices.contains(loopIndex) else { return }
        loops[loopIndex].entries.withLock { entries in
            if entries.count >= capacity, entries[area] == nil { entries.removeAll(keepingCapacity: true) }
            entries[area] = Entry(version: version, body: body)
        }
    }
}
