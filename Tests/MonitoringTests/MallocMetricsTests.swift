import Monitoring
import Telemetry
import Testing

/// The allocator gauges report the live heap: a block held while scraping shows in `worldgame_malloc_in_use_bytes`.
@Suite struct MallocMetricsTests {
    private func gauge(_ name: String, in registry: MetricsRegistry) throws -> Double {
        let line = try #require(registry.exposition().split(separator: "\n").first { $0.hasPrefix(name + " ") })
        return try #require(Double(line.split(separator: " ")[1]))
    }

    @Test func reportsALiveBlockAsInUse() throws {
        let registry = MetricsRegistry()
        try MallocMetrics.register(in: registry)
        // Above glibc's largest mmap threshold (32 MiB), so the block is always mmapped apart; other tests running
        // meanwhile cannot hide it, whatever they allocate or free.
        let blockBytes = 64 << 20
        let block = [UInt8](repeating: 1, count: blockBytes)
        let during = try gauge("worldgame_malloc_in_use_bytes", in: registry)
        let mapped = try gauge("worldgame_malloc_mapped_bytes", in: registry)
        #expect(block.count == blockBytes)
        #expect(during >= Double(blockBytes))
        #expect(mapped >= Double(blockBytes))
        #expect(try gauge("worldgame_malloc_free_bytes", in: registry) >= 0)
        #expect(try gauge("worldgame_malloc_arena_bytes", in: registry) > 0)
    }
}
