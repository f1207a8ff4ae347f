@testable import Replication
import Testing

/// `RejoinForkPoint`: the last common record of two chained logs, in few lookups.
@Suite struct RejoinForkPointTests {
    @Test(arguments: [(fork: Int64(1), high: Int64(1)), (fork: 1, high: 1_000), (fork: 500, high: 1_000),
                      (fork: 999, high: 1_000), (fork: 1_000, high: 1_000), (fork: 73, high: 74)])
    func findsTheLastMatchingSequence(fork: Int64, high: Int64) {
        var lookups = 0
        let outcome = RejoinForkPoint.find(lowestComparable: 1, highestComparable: high) { seq in
            lookups += 1
            return seq <= fork
        }
        #expect(outcome == .forkedAfter(seq: fork))
        #expect(lookups <= 12)
    }

    @Test func noCommonRecordWhenEvenTheOldestDiffers() {
        #expect(RejoinForkPoint.find(lowestComparable: 10, highestComparable: 20) { _ in false } == .noCommonRecord)
        #expect(RejoinForkPoint.find(lowestComparable: 21, highestComparable: 20) { _ in true } == .noCommonRecord)
    }
}
