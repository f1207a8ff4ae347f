import Locking

/// Encoded `GET /api/land-squares` bodies per event loop, valid for one database version: map browsing asks for the
/// same areas again and again, and a 100-square body costs about 2.4 M instructions to query and encode.
///
/// Invalidation is exact: an entry carries the `PRAGMA data_version` of the reader's snapshot it was built in, and
/// is only served from a read whose snapshot has the same version, which SQLite guarantees means no other
/// connection committed in between (https://www.sqlite.org/pragma.html#pragma_data_version). The reader never
/// writes, so every commit by the Writer changes the version. One `Locked` per loop (each loop reads only its own,
/// so it is never contended); at most `capacity` areas per loop, and a full map is emptied rather than aged.
///
/// A loop keeps only bodies of the version it stored last: its reader moves to a new `data_version` after every
/// commit and never reads an older snapshot again, so a store at another version first drops the previous version's
/// bodies (an exact `!=`, so nothing depends on how SQLite numbers versions). Under a steady write load a loop holds a
/// handful of bodies instead of up to `capacity` stale ones (about 5 KB each for a 10 x 10 area; 256 per loop were
/// most of the node's live heap under the memory soak's load).
final class LandAreaCache: Sendable {
    /// A requested area, inclusive bounds.
    struct Area: Hashable, Sendable {
        var minX: Int64
        var minY: Int64
        var maxX: Int64
        var maxY: Int64
    }

    /// One loop's bodies, all built at `version` (the one this loop stored last).
    private struct LoopState: Sendable {
        var version = Int64.min
        var bodies: [Area: [UInt8]] = [:]
    }

    /// One loop's state (a class, kept apart per loop).
    private final class LoopEntries: Sendable {
        let state = Locked(LoopState())
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
        return loops[loopIndex].state.withLock { state in
            guard state.version == version else { return nil }
            return state.bodies[area]
        }
    }

    /// Remembers `body` for `area` at `version` on loop `loopIndex`; at another version than the loop's bodies have,
    /// it first drops them all.
    func store(_ body: [UInt8], for area: Area, version: Int64, loopIndex: Int) {
        guard loops.indices.contains(loopIndex) else { return }
        loops[loopIndex].state.withLock { state in
            if version != state.version {
                state.version = version
                state.bodies.removeAll()
            }
            if state.bodies.count >= capacity, state.bodies[area] == nil { state.bodies.removeAll(keepingCapacity: true) }
            state.bodies[area] = body
        }
    }

    /// Bodies kept on loop `loopIndex` (tests check the bound with it).
    func bodyCount(loopIndex: Int) -> Int {
        guard loops.indices.contains(loopIndex) else { return 0 }
        return loops[loopIndex].state.withLock { $0.bodies.count }
    }
}
