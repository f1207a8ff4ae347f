#if canImport(Glibc)
import CLinux
import Glibc
#endif

/// glibc's allocator, as far as an operator needs it: what its arenas hold (`mallinfo2(3)`) and giving free pages
/// back to the system (`malloc_trim(3)`).
///
/// Exists because the process's RSS alone cannot tell live data from memory the allocator keeps after it was freed
/// (free chunks scattered in used pages, the top of an arena below the trim threshold): the memory soak and
/// `/metrics` read both through this. Any thread may call it; `mallinfo2` walks every arena's free lists under their
/// locks, so it costs about a millisecond in a busy process (scrape time, not a hot path).
public enum SystemMalloc {
    /// One `mallinfo2(3)` reading, in bytes.
    public struct Statistics: Sendable, Equatable {
        /// Bytes in chunks handed out and not yet freed (`uordblks` plus `hblkhd`): the live heap.
        public var inUseBytes: Int
        /// Bytes in free chunks that the arenas keep (`fordblks`): RSS that holds no live data.
        public var freeBytes: Int
        /// Bytes of the arenas' own memory from the system, used or free (`arena`).
        public var arenaBytes: Int
        /// Bytes in chunks large enough to be mmapped on their own (`hblkhd`); returned to the system when freed.
        public var mappedBytes: Int
        /// Bytes at the top of the main arena that `malloc_trim` could give back at once (`keepcost`).
        public var releasableBytes: Int

        public init(inUseBytes: Int, freeBytes: Int, arenaBytes: Int, mappedBytes: Int, releasableBytes: Int) {
            self.inUseBytes = inUseBytes
            self.freeBytes = freeBytes
            self.arenaBytes = arenaBytes
            self.mappedBytes = mappedBytes
            self.releasableBytes = releasableBytes
        }
    }

    /// The allocator's current statistics (all arenas together).
    public static func statistics() -> Statistics {
        #if canImport(Glibc)
        let info = mallinfo2()
        return Statistics(inUseBytes: Int(info.uordblks + info.hblkhd), freeBytes: Int(info.fordblks),
                          arenaBytes: Int(info.arena), mappedBytes: Int(info.hblkhd),
                          releasableBytes: Int(info.keepcost))
        #else
        return Statistics(inUseBytes: 0, freeBytes: 0, arenaBytes: 0, mappedBytes: 0, releasableBytes: 0)
        #endif
    }

    /// Gives every arena's whole free pages back to the system (`malloc_trim(0)`, which since glibc 2.8 also releases
    /// free pages inside an arena, not only at its top). Returns whether any memory was released.
    @discardableResult
    public static func trim() -> Bool {
        #if canImport(Glibc)
        return malloc_trim(0) != 0
        #else
        return false
        #endif
    }
}
