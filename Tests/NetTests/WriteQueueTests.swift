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
}
