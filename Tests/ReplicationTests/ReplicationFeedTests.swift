import Foundation
import Replication
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
