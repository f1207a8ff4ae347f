/// One accepted, non-blocking TCP socket registered with its event loop.
///
/// Owned by its loop: every method must be called on `loop`'s thread. It reads into the loop's shared buffer and hands
/// the bytes to its `handler`, writes its `writeQueue` with gathered sends (waiting for `EPOLLOUT` on `EAGAIN`), and
/// closes its descriptor exactly once. The loop retains it while it is registered.
package final class TCPConnection: EventLoopSelectable {
    package let loop: EventLoop
    /// "ip:port" of the peer.
    package let remoteAddress: String
    /// The protocol handler; replace it to hand the connection to another protocol (see `TCPConnectionHandler`).
    package var handler: (any TCPConnectionHandler)?
    /// Bytes waiting for the socket.
    // Safety (unchecked exclusivity): only this loop's thread touches the queue, and `WriteQueue`'s mutating methods
    // are plain value operations that call out to nothing, so no access can begin while another is in progress. The
    // run-time check cost about 70 instructions per access, a dozen accesses per request.
    @exclusivity(unchecked) package private(set) var writeQueue: WriteQueue
    package private(set) var isClosed = false
    /// Whether bytes are read from the socket (false applies backpressure to the peer).
    package var isReadingEnabled = true {
        didSet { if oldValue != isReadingEnabled { updateInterest() } }
    }

    private let descriptor: Int32
    /// The interest last given to the loop (a connection registers readable), so an unchanged one is not set again:
    /// every write ended with a look-up of the registration to find nothing to change.
    private var registeredInterest: SelectableInterest = .readable
    private var isWaitingForWritable = false
    private var isLingering = false
    private var lingerTimer: TimerHandle?

    /// Registers an accepted `descriptor` with `loop` (loop thread). Closes the descriptor if registration fails.
    package init(descriptor: Int32, remoteAddress: String, loop: EventLoop, writeLimitBytes: Int) throws(NetError) {
        self.descriptor = descriptor
        self.remoteAddress = remoteAddress
        self.loop = loop
        writeQueue = WriteQueue(limitBytes: writeLimitBytes)
        do {
            try loop.register(descriptor: descriptor, interest: .readable, handler: self)
        } catch {
            System.close(descriptor)
            isClosed = true
            throw error
        }
    }

    /// Queues `bytes` behind what is already queued. Call `flush()` to write.
    package func enqueue(_ bytes: [UInt8]) {
        guard !isClosed else { return }
        writeQueue.enqueue(bytes)
    }

    /// Drops queued chunks that have not started to go out (see `WriteQueue.discardUnstarted`); returns the bytes
    /// dropped.
    package func discardUnsentChunks() -> Int {
        writeQueue.discardUnstarted()
    }

    /// Writes as much of the queue as the socket takes now; the rest waits for `EPOLLOUT`. Closes on a write error.
    package func flush() {
        guard !isClosed, !isWaitingForWritable else { return }
        writeNow()
    }

    /// Closes the socket now (unsent bytes are dropped) and tells the handler.
    package func close() {
        guard !isClosed else { return }
        isClosed = true
        if let lingerTimer { loop.cancelTimer(lingerTimer) }
        loop.deregister(descriptor: descriptor)
        System.close(descriptor)
        let handler = self.handler
        self.handler = nil
        handler?.connectionDidClose(self)
    }

    /// Lingering close, for a socket whose queue is already written: shuts down the sending side, then reads and
    /// discards until the peer closes or `linger` passes. Avoids the RST that closing with unread input would send,
    /// which can make the peer lose the final response (an error answer to a request whose body is still arriving).
    package func closeAfterLinger(_ linger: Duration) {
        guard !isClosed, !isLingering else { return }
        isLingering = true
        SystemSocket.shutdownWrite(descriptor)
        lingerTimer = loop.scheduleLoopTimer(after: linger) { [weak self] in
            self?.lingerTimer = nil
            self?.close()
        }
        updateInterest()
    }

    package func selectableReady(_ events: SelectableEvents) {
        if events.contains(.writable) && isWaitingForWritable {
            isWaitingForWritable = false
            writeNow()
            if !isClosed { handler?.connectionDidWrite(self) }
        }
        guard !isClosed else { return }
        if isLingering || isReadingEnabled {
            if !events.isDisjoint(with: [.readable, .readHangup, .hangup]) { readNow() }
        } else if events.contains(.hangup) {
            close()
        }
    }

    package func eventLoopDidStop() {
        close()
    }

    private func readNow() {
        let result: IOResult<Int>
        do {
            result = try SystemSocket.read(descriptor, into: &loop.owned.readBuffer)
        } catch {
            close()
            return
        }
        guard case .processed(let count) = result else { return }
        if count == 0 {
            if isLingering {
                close()
            } else {
                isReadingEnabled = false
                handler?.connectionDidReadEndOfFile(self)
            }
        } else if !isLingering {
            handler?.connection(self, didRead: loop.owned.readBuffer[0..<count])
        }
    }

    private func writeNow() {
        while !writeQueue.isEmpty {
            let result: IOResult<Int>
            do {
                result = try SystemSocket.send(descriptor, chunks: writeQueue.chunks, from: writeQueue.headIndex,
                                               firstOffset: writeQueue.headOffset)
            } catch {
                close()
                return
            }
            switch result {
            case .processed(let count):
                writeQueue.consume(count)
            case .wouldBlock:
                isWaitingForWritable = true
                updateInterest()
                return
            }
        }
        updateInterest()
    }

    private func updateInterest() {
        guard !isClosed else { return }
        var interest: SelectableInterest = []
        if isReadingEnabled || isLingering { interest.insert(.readable) }
        if isWaitingForWritable { interest.insert(.writable) }
        guard interest != registeredInterest else { return }
        do {
            try loop.setInterest(descriptor: descriptor, interest)
            registeredInterest = interest
        } catch {
            close()
        }
    }

    deinit {
        if !isClosed { System.close(descriptor) }
    }
}

extension TCPConnection {
    /// Closes an accepted descriptor that will not become a connection (e.g. over the connection limit).
    package static func closeRejected(descriptor: Int32) {
        System.close(descriptor)
    }
}
