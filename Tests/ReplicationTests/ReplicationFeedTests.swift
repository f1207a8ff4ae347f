import Foundation
@testable import Replication
import Synchronization
import Testing
import TestSupport

@Suite struct ReplicationFeedTests {
    @Test func acknowledgementsWakeWaitersAndNeverGoBack() {
        let feed = ReplicationFeed()
        #expect(feed.minimumAcknowledgedSeq() == nil)
        feed.acknowledge(standby: "b", seq: 5)
        feed.acknowledge(standby: "b", seq: 3)
        #expect(feed.acknowledgedSeqs == ["b": 5])
        #expect(feed.waitForAcknowledgement(of: 5, timeout: .zero))
        #expect(!feed.waitForAcknowledgement(of: 6, timeout: .milliseconds(10)))
    }

    /// A node that was primary (seqs 1-3), then a standby (4-6 applied without the feed), then primary again (7-8):
    /// the tail starts afresh at 7, so a standby asking after 3 or 5 reads the database, never the wrong records.
    @Test func aTailWithAGapStartsAfresh() {
        let feed = ReplicationFeed()
        func record(_ seq: Int64) -> ReplicationRecord {
            ReplicationRecord(seq: seq, term: seq < 4 ? 1 : 3, changeset: [1], events: [], checksum: [],
                              committedAtMilliseconds: 0)
        }
        for seq: Int64 in [1, 2, 3, 7, 8] { feed.append(record(seq)) }
        #expect(feed.recordsInMemory(after: 3, maxBytes: 1 << 20) == nil)
        #expect(feed.recordsInMemory(after: 5, maxBytes: 1 << 20) == nil)
        #expect(feed.recordsInMemory(after: 6, maxBytes: 1 << 20)?.map(\.seq) == [7, 8])
        #expect(feed.recordsInMemory(after: 7, maxBytes: 1 << 20)?.map(\.seq) == [8])
    }

    /// Settlement waves write one large record each (a 3 MB record for 8,611 released bids in the memory soak):
    /// with the default bounds the tail keeps at most 8 MiB of them, however many waves come, and always the newest.
    @Test func theDefaultTailStaysWithinItsByteBoundAcrossLargeRecords() {
        let feed = ReplicationFeed()
        let waveBytes = 3 << 20
        var seq: Int64 = 0
        for _ in 0..<10 {
            for _ in 0..<300 {   // the bids between two waves: small records
                seq += 1
                feed.append(ReplicationRecord(seq: seq, term: 1, changeset: [UInt8](repeating: 1, count: 700),
                                              events: [UInt8](repeating: 2, count: 800), checksum: [],
                                              committedAtMilliseconds: 0))
            }
            seq += 1
            feed.append(ReplicationRecord(seq: seq, term: 1, changeset: [UInt8](repeating: 3, count: waveBytes / 2),
                                          events: [UInt8](repeating: 4, count: waveBytes / 2), checksum: [],
                                          committedAtMilliseconds: 0))
            #expect(feed.tailBytes <= 8 << 20)
        }
        #expect(feed.maxTailBytes == 8 << 20)
        #expect(feed.recordsInMemory(after: seq - 1, maxBytes: 1 << 30)?.map(\.seq) == [seq])
        // What the tail still holds is contiguous up to the newest record, and a standby asking for older ones is
        // sent to the database.
        #expect(feed.recordsInMemory(after: 0, maxBytes: 1 << 30) == nil)
    }

    @Test func expiredPollIsAnsweredEmpty() {
        let feed = ReplicationFeed()
        feed.start()
        defer { feed.stop() }
        let answered = Atomic<Int>(-1)
        let accepted = feed.wait(after: 0, until: .now + .milliseconds(20)) { records in
            answered.store(records.count, ordering: .relaxed)
        }
        #expect(accepted)
        _ = waitUntil(.seconds(5)) { answered.load(ordering: .relaxed) != -1 }
        #expect(answered.load(ordering: .relaxed) == 0)
    }

    @Test func pruneLimitRespectsRetentionStandbysAndBackups() {
        let feed = ReplicationFeed()
        let pruner = ReplicationPruner(retainedRecords: 10, feed: feed)
        #expect(pruner.pruneLimit(headSeq: 5) == nil)
        #expect(pruner.pruneLimit(headSeq: 100) == 90)
        feed.acknowledge(standby: "s", seq: 40)
        #expect(pruner.pruneLimit(headSeq: 100) == 40)
        pruner.setBackupCoverage { nil }
        #expect(pruner.pruneLimit(headSeq: 100) == nil)
        pruner.setBackupCoverage { 30 }
        #expect(pruner.pruneLimit(headSeq: 100) == 30)
    }
}
