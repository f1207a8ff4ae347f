import Foundation
import Locking
import Monitoring
import Net
import Telemetry
import Testing
import TestSupport

/// The heap trimmer trims once per burst of freed memory, not on steady churn, and a trim after a real burst of freed
/// small blocks gives their pages back to the system.
@Suite struct HeapTrimmerTests {
    /// An allocator whose free bytes the test moves; trims are counted.
    final class FakeAllocator: Sendable {
        let freeBytes = Locked(0)
        let trims = Locked(0)
        func statistics() -> SystemMalloc.Statistics {
            SystemMalloc.Statistics(inUseBytes: 20 << 20, freeBytes: freeBytes.withLock { $0 }, arenaBytes: 40 << 20,
                                    mappedBytes: 0, releasableBytes: 0)
        }
        func add(_ bytes: Int) { freeBytes.withLock { $0 += bytes } }
    }

    func makeTrimmer(_ allocator: FakeAllocator, registry: MetricsRegistry? = nil) throws -> HeapTrimmer {
        try HeapTrimmer(configuration: .init(interval: .seconds(3600), burstBytes: 8 << 20),
                        logger: Logger(label: "test", level: .debug, sink: InMemoryLogSink()), registry: registry,
                        statistics: { allocator.statistics() },
                        trim: { allocator.trims.withLock { $0 += 1 }; return true })
    }

    @Test func trimsOncePerBurstAndNotOnChurn() throws {
        let allocator = FakeAllocator(), registry = MetricsRegistry()
        let trimmer = try makeTrimmer(allocator, registry: registry)
        allocator.add(3 << 20)                      // warm-up churn: under the burst size
        #expect(!trimmer.check())
        allocator.add(12 << 20)                     // a settlement wave freed 12 MiB
        #expect(trimmer.check())
        #expect(!trimmer.check())                   // the free bytes stay (the chunks are still free): no second trim
        allocator.add(5 << 20)
        #expect(!trimmer.check())
        allocator.add(4 << 20)                      // 9 MiB above the level of the last trim
        #expect(trimmer.check())
        #expect(allocator.trims.withLock { $0 } == 2)
        #expect(trimmer.trimCount == 2)
        #expect(registry.exposition().contains("worldgame_malloc_trims_total 2"))
    }

    @Test func measuresTheNextBurstFromWhereTheFreeBytesFell() throws {
        let allocator = FakeAllocator()
        let trimmer = try makeTrimmer(allocator)
        allocator.add(10 << 20)
        #expect(trimmer.check())
        allocator.add(-(9 << 20))                   // the arenas reused most of it
        #expect(!trimmer.check())
        allocator.add(8 << 20)                      // a new burst of 8 MiB from the lower level
        #expect(trimmer.check())
    }

    /// With the real allocator: a burst the statistics report is trimmed with the real `malloc_trim`, once. (How much
    /// RSS a trim gives back depends on where the arena's free chunks lie, which a test process shared by parallel
    /// tests does not control: measured on a node by `scripts/memory-events`, see docs/reliability.md.)
    @Test func aReportedBurstIsTrimmedWithTheRealAllocator() throws {
        let burstReported = Locked(false)
        let trimmer = try HeapTrimmer(logger: Logger(label: "test", level: .debug, sink: InMemoryLogSink()),
                                      statistics: {
                                          var statistics = SystemMalloc.statistics()
                                          statistics.freeBytes = burstReported.withLock { $0 } ? 64 << 20 : 0
                                          return statistics
                                      })
        #expect(!trimmer.check())
        burstReported.withLock { $0 = true }
        #expect(trimmer.check())
        #expect(!trimmer.check())
        #expect(trimmer.trimCount == 1)
        #expect(try #require(Self.residentBytes()) > 0)
    }

    static func residentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap { Int($0) }
                .map { $0 * 1024 }
        }
        return nil
    }
}
