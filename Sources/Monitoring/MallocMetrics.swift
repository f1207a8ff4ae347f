import Net
import Telemetry

/// glibc's allocator on `/metrics`: the live heap, the free memory its arenas keep, and the big chunks mmapped apart.
///
/// Exists so an operator (and `scripts/memory-soak`) can tell a leak from allocator slack: a leak raises
/// `worldgame_malloc_in_use_bytes`; memory freed but kept by the arenas (fragmentation, a one-off high-water mark)
/// raises `worldgame_malloc_free_bytes` while the live heap stays put. Registered once at start-up; the callbacks run
/// on the scraping thread (`SystemMalloc.statistics`, about a millisecond each).
public enum MallocMetrics {
    /// Registers `worldgame_malloc_in_use_bytes`, `worldgame_malloc_free_bytes`, `worldgame_malloc_arena_bytes` and
    /// `worldgame_malloc_mapped_bytes`.
    /// - Throws: `MetricsError.duplicateName` if called twice on the same registry.
    public static func register(in registry: MetricsRegistry) throws(MetricsError) {
        try registry.makeCallbackGauge(
            "worldgame_malloc_in_use_bytes",
            help: "Bytes the process has allocated with malloc and not freed (glibc mallinfo2 uordblks + hblkhd)."
        ) { Double(SystemMalloc.statistics().inUseBytes) }
        try registry.makeCallbackGauge(
            "worldgame_malloc_free_bytes",
            help: "Bytes freed but kept by glibc's arenas (mallinfo2 fordblks): resident memory without live data."
        ) { Double(SystemMalloc.statistics().freeBytes) }
        try registry.makeCallbackGauge(
            "worldgame_malloc_arena_bytes", help: "Bytes glibc's arenas took from the system, used or free (mallinfo2 arena)."
        ) { Double(SystemMalloc.statistics().arenaBytes) }
        try registry.makeCallbackGauge(
            "worldgame_malloc_mapped_bytes",
            help: "Bytes in chunks glibc mmapped on their own (mallinfo2 hblkhd); they go back to the system when freed."
        ) { Double(SystemMalloc.statistics().mappedBytes) }
    }
}
