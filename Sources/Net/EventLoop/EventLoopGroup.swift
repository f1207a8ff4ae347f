import Locking
import Synchronization

/// A fixed set of `EventLoop`s, each on its own thread, handed out round robin.
///
/// Created once at start-up (one loop per core); `shutdown()` stops the loops after they run their queued work and
/// joins their threads. Any thread may use it, except that `shutdown()` must not be called from one of its loops.
public final class EventLoopGroup: Sendable {
    /// The loops, in index order.
    public let loops: [EventLoop]
    private let threads: Locked<[SystemThread]>
    private let nextIndex = Atomic<Int>(0)

    /// Starts `loopCount` loops (at least one) on threads named `<threadNamePrefix>-<index>`.
    public init(loopCount: Int, threadNamePrefix: String = "worldgame-loop") throws {
        var loops: [EventLoop] = []
        for index in 0..<max(1, loopCount) { loops.append(try EventLoop(index: index)) }
        self.loops = loops
        var threads: [SystemThread] = []
        for loop in loops {
            do {
                threads.append(try SystemThread(name: "\(threadNamePrefix)-\(loop.index)") { loop.run() })
            } catch {
                for started in loops.prefix(threads.count) { started.requestStop() }
                for thread in threads { thread.join() }
                throw error
            }
        }
        self.threads = Locked(threads)
    }

    /// The next loop in round-robin order.
    public func next() -> EventLoop {
        let position = nextIndex.wrappingAdd(1, ordering: .relaxed).oldValue
        return loops[(position % loops.count + loops.count) % loops.count]
    }

    /// Stops every loop after it runs the work already queued, then joins the threads. Idempotent.
    public func shutdown() {
        precondition(!loops.contains { $0.inEventLoop }, "EventLoopGroup.shutdown() called from one of its loops")
        let threads = self.threads.withLock { threads in
            let taken = threads
            threads.removeAll()
            return taken
        }
        guard !threads.isEmpty else { return }
        for loop in loops { loop.requestStop() }
        for thread in threads { thread.join() }
    }

    deinit {
        // The last reference may be dropped on one of the loops: that thread cannot join itself, it just ends.
        for loop in loops { loop.requestStop() }
        for thread in threads.withLock({ $0 }) where !thread.isCurrent { thread.join() }
    }
}
