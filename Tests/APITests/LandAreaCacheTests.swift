@testable import API
import HTTP
import Testing

/// `LandAreaCache` serves a body only at the database version it was built in, and the land-squares route shows a
/// committed change on the very next read, on every loop.
@Suite struct LandAreaCacheTests {
    let area = LandAreaCache.Area(minX: 0, minY: 0, maxX: 9, maxY: 9)

    @Test func servesOnlyTheSameVersionOnTheSameLoop() {
        let cache = LandAreaCache(loopCount: 2)
        cache.store([1, 2, 3], for: area, version: 7, loopIndex: 0)
        #expect(cache.body(for: area, version: 7, loopIndex: 0) == [1, 2, 3])
        #expect(cache.body(for: area, version: 8, loopIndex: 0) == nil)
        #expect(cache.body(for: area, version: 7, loopIndex: 1) == nil)
        #expect(cache.body(for: LandAreaCache.Area(minX: 0, minY: 0, maxX: 9, maxY: 8), version: 7, loopIndex: 0) == nil)
        #expect(cache.body(for: area, version: 7, loopIndex: 5) == nil)
    }

    @Test func staysWithinItsCapacity() {
        let cache = LandAreaCache(loopCount: 1, capacity: 4)
        for x in Int64(0)..<10 {
            cache.store([UInt8(x)], for: LandAreaCache.Area(minX: x, minY: 0, maxX: x, maxY: 0), version: 1, loopIndex: 0)
        }
        let kept = (Int64(0)..<10).filter {
            cache.body(for: LandAreaCache.Area(minX: $0, minY: 0, maxX: $0, maxY: 0), version: 1, loopIndex: 0) != nil
        }
        #expect(kept.count <= 4)
        #expect(kept.contains(9))
    }

    @Test func keepsOnlyTheVersionStoredLast() {
        let cache = LandAreaCache(loopCount: 2, capacity: 256)
        // A write load: every read sees a new version, each asks for another area.
        for version in Int64(1)...10_000 {
            let x = version % 1_000
            cache.store([UInt8(truncatingIfNeeded: version)], for: LandAreaCache.Area(minX: x, minY: 0, maxX: x, maxY: 0),
                        version: version, loopIndex: Int(version % 2))
        }
        #expect(cache.bodyCount(loopIndex: 0) == 1)
        #expect(cache.bodyCount(loopIndex: 1) == 1)
        #expect(cache.body(for: LandAreaCache.Area(minX: 0, minY: 0, maxX: 0, maxY: 0), version: 10_000, loopIndex: 0)
            == [UInt8(truncatingIfNeeded: 10_000)])
        // Without writes, areas of one version add up to the capacity.
        for x in Int64(0)..<300 {
            cache.store([1], for: LandAreaCache.Area(minX: x, minY: 0, maxX: x, maxY: 0), version: 10_001, loopIndex: 0)
        }
        #expect(cache.bodyCount(loopIndex: 0) <= 256)
        #expect(cache.bodyCount(loopIndex: 0) > 1)
        #expect(cache.bodyCount(loopIndex: 1) == 1)
    }

    @Test func aCommittedChangeShowsOnTheNextRead() throws {
        let server = try TestServer()
        let target = "/api/land-squares?minX=-2&minY=-2&maxX=2&maxY=2"
        // Several reads per connection so both loops' caches hold the area.
        let clients = try (0..<4).map { _ in try server.client() }
        var before: Set<[UInt8]> = []
        for client in clients + clients { before.insert(try client.get(target).body) }
        #expect(before.count == 1)
        try server.writer.performAndWait { transaction in
            try transaction.run("UPDATE land_squares SET is_locked = 1 - is_locked WHERE x = 0 AND y = 0")
        }
        for client in clients {
            let after = try client.get(target)
            #expect(after.status == 200)
            #expect(after.body != before.first)
        }
    }
}
