/// Bytes waiting to be written to one socket, in order, with a soft byte limit for backpressure.
///
/// Owned by its connection's loop (a plain value). Chunks are kept as the arrays they were enqueued as and written with
/// one gathered `sendmsg`; nothing is copied. Enqueueing past `limitBytes` is allowed (a response is never dropped) but
/// `hasReachedLimit` turns true so the owner stops reading until the queue drains.
package struct WriteQueue: Sendable {
    /// The soft cap on buffered bytes.
    package let limitBytes: Int
    private(set) var chunks: [[UInt8]] = []
    /// Index of the first unwritten chunk in `chunks`.
    private(set) var headIndex = 0
    /// Bytes of `chunks[headIndex]` already written.
    private(set) var headOffset = 0
    /// Bytes enqueued and not yet written.
    package private(set) var bufferedBytes = 0

    package init(limitBytes: Int) {
        self.limitBytes = limitBytes
    }

    package var isEmpty: Bool { bufferedBytes == 0 }
    package var hasReachedLimit: Bool { bufferedBytes >= limitBytes }

    /// Appends `bytes` (empty arrays are ignored).
    package mutating func enqueue(_ bytes: [UInt8]) {
        guard !bytes.isEmpty else { return }
        chunks.append(bytes)
        bufferedBytes += bytes.count
    }

    /// Drops every chunk that has not started to go out (a partly written head chunk stays, so the peer never sees a
    /// torn message) and returns how many bytes were dropped. For protocols that cut off a slow consumer and want
    /// their final frame (a WebSocket close) to be the next thing on the wire.
    package mutating func discardUnstarted() -> Int {
        let keep = headOffset > 0 ? headIndex + 1 : headIndex
        guard keep < chunks.count else { return 0 }
        let dropped = chunks[keep...].reduce(0) { $0 + $1.count }
        chunks.removeSubrange(keep...)
        bufferedBytes -= dropped
        if bufferedBytes == 0 {
            chunks.removeAll()
            headIndex = 0
            headOffset = 0
        }
        return dropped
    }

    /// Marks `count` bytes from the front as written.
    package mutating func consume(_ count: Int) {
        precondition(count <= bufferedBytes, "consumed more bytes than were queued")
        bufferedBytes -= count
        var remaining = count
        while remaining > 0 {
            let available = chunks[headIndex].count - headOffset
            if remaining < available {
                headOffset += remaining
                return
            }
            remaining -= available
            headIndex += 1
            headOffset = 0
        }
        if bufferedBytes == 0 {
            chunks.removeAll(keepingCapacity: chunks.capacity <= 64)
            headIndex = 0
        } else if headIndex >= 32 && headIndex * 2 >= chunks.count {
            chunks.removeFirst(headIndex)
            headIndex = 0
        }
    }
}
