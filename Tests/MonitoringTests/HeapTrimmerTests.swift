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

    /// 64 MiB of 16 KiB blocks (each below glibc's mmap threshold, so they come from an arena) allocated and written
    /// on a thread of their own, one small block allocated after them so the arena cannot shrink from its top, then
    /// all but the small block freed: the arena keeps the pages (RSS stays) until the trimmer's `malloc_trim` gives
    /// them back.
    @Test func aTrimAfterARealBurstGivesItsPagesBack() throws {
        let trimmer = try HeapTrimmer(logger: Logger(label: "test", level: .debug, sink: InMemoryLogSink()))
        trimmer.check()                             // the baseline: whatever the process holds now
        let burstBytes = 64 << 20
        let pinned = Locked<[UInt8]>([])
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            var blocks: [[UInt8]] = []
            for index in 0..<(burstBytes / (16 << 10)) { blocks.append([UInt8](repeating: UInt8(truncatingIfNeeded: index), count: 16 << 10)) }
            pinned.withLock { $0 = [UInt8](repeating: 7, count: 64) }
            blocks.removeAll()
            done.signal()
        }
        thread.start()
        done.wait()
        let freed = SystemMalloc.statistics().freeBytes
        let before = try #require(Self.residentBytes())
        #expect(trimmer.check())
        let after = try #require(Self.residentBytes())
        #expect(freed >= burstBytes / 2)
        #expect(before - after >= burstBytes / 4, "RSS \(before) -> \(after) after trimming a \(burstBytes)-byte burst")
        #expect(pinned.withLock { $0.count } == 64)
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
