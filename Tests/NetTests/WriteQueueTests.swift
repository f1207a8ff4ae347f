@testable import Net
import Testing

/// `WriteQueue`: partial consumption across chunks and the backpressure limit.
@Suite struct WriteQueueTests {
    @Test func consumeAdvancesAcrossChunksAndOffsets() {
        var queue = WriteQueue(limitBytes: 10)
        queue.enqueue([1, 2, 3])
        queue.enqueue([])
        queue.enqueue([4, 5, 6, 7])
        queue.enqueue([8, 9, 10, 11])
        #expect(queue.bufferedBytes == 11)
        #expect(queue.hasReachedLimit)
        queue.consume(2)
        #expect(queue.headIndex == 0 && queue.headOffset == 2)
        queue.consume(3)
        #expect(queue.headIndex == 1 && queue.headOffset == 2)
        #expect(!queue.hasReachedLimit)
        queue.consume(6)
        #expect(queue.isEmpty)
        #expect(queue.chunks.isEmpty)
    }

    @Test func discardUnstartedKeepsAPartlyWrittenHeadChunk() {
        var queue = WriteQueue(limitBytes: 100)
        queue.enqueue([1, 2, 3])
        queue.enqueue([4, 5])
        queue.enqueue([6])
        queue.consume(1)
        #expect(queue.discardUnstarted() == 3)
        #expect(queue.bufferedBytes == 2)
        queue.enqueue([7])
        queue.consume(2)
        #expect(queue.bufferedBytes == 1)
        #expect(queue.chunks[queue.headIndex] == [7])
    }

    @Test func discardUnstartedDropsEverythingWhenNothingStarted() {
        var queue = WriteQueue(limitBytes: 100)
        queue.enqueue([1, 2])
        queue.enqueue([3])
        #expect(queue.discardUnstarted() == 3)
        #expect(queue.isEmpty)
        #expect(queue.discardUnstarted() == 0)
    }
}
