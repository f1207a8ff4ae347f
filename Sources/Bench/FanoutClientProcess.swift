import Dispatch
import Foundation
import Locking
import Net

/// `worldgame bench fanout-clients` (hidden; started by `bench fanout`): the benchmark's load generator in its own
/// process, so its 10,000 client sockets do not share the server's threads. Opens `clients` WebSocket connections to
/// 127.0.0.1:`port` on its own event loops, subscribes each to `topic`, then reports on stdout, one line each:
///
///     ready <clients> <residentBytes>
///     event <seq> <count> <firstNs> <medianNs> <p99Ns> <lastNs>
///
/// (instants are `SystemMonotonicClock` nanoseconds, comparable with the parent's commit instants), one `event` line
/// once every client received that seq. Ends when its stdin reaches end-of-file (the parent closed it or died).
///
/// Runs on the calling thread; the clients live on their loops.
struct FanoutClientProcess {
    var port: Int
    var clients: Int
    var topic = "auctions"

    func run() throws {
        let fileLimit = SystemClientSocket.raiseOpenFileLimit(to: clients + 256)
        guard fileLimit >= clients + 32 else {
            throw BenchmarkError.loadGeneratorFailed("open-file limit \(fileLimit) is too low for \(clients) clients")
        }
        let loops = try EventLoopGroup(loopCount: ProcessInfo.processInfo.activeProcessorCount,
                                       threadNamePrefix: "fanout-client")
        defer { loops.shutdown() }
        let receipts = FanoutReceipts(loopCount: loops.loops.count, clientCount: clients)
        try connect(loops: loops, receipts: receipts)
        Self.emit("ready \(clients) \(FanoutBenchmark.residentBytes())")
        let input = FanoutInputWatcher()
        var seq = 0
        while !input.isClosed {
            guard receipts.eventCompleted.wait(timeout: .now() + .milliseconds(100)) == .success else { continue }
            seq += 1
            guard let summary = receipts.drainSummary(of: seq) else {
                throw BenchmarkError.loadGeneratorFailed("no receipt of event \(seq)")
            }
            Self.emit("event \(seq) \(summary.count) \(summary.firstNanoseconds) \(summary.medianNanoseconds) "
                      + "\(summary.p99Nanoseconds) \(summary.lastNanoseconds)")
        }
    }

    /// Connects in batches (the listen backlog is finite) and waits until every client is subscribed.
    private func connect(loops: EventLoopGroup, receipts: FanoutReceipts) throws {
        let batch = 500
        var opened = 0
        while opened < clients {
            let end = min(clients, opened + batch)
            for index in opened..<end {
                let descriptor = try SystemClientSocket.connect(host: "127.0.0.1", port: port)
                let loop = loops.next()
                let (port, topic) = (self.port, self.topic)
                loop.execute {
                    do {
                        _ = try FanoutClient(descriptor: descriptor, port: port, token: "bench-\(index + 1)",
                                             topic: topic, loop: loop, receipts: receipts)
                    } catch {
                        receipts.recordFailure()
                    }
                }
            }
            opened = end
            let deadline = ContinuousClock.now + .seconds(60)
            while receipts.subscribedCount + receipts.failureCount < opened {
                guard ContinuousClock.now < deadline else {
                    throw BenchmarkError.loadGeneratorFailed("timed out waiting for \(opened) clients to subscribe")
                }
                Thread.sleep(forTimeInterval: 0.0005)
            }
        }
        guard receipts.failureCount == 0 else { throw BenchmarkError.commandsFailed(count: receipts.failureCount) }
    }

    /// Writes one line to stdout at once (unbuffered: the parent waits for it).
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }
}

/// Watches the client process's stdin on a thread of its own and records its end-of-file, the parent's way of saying
/// "stop" (and what the process sees when the parent dies).
///
/// Any thread: one flag behind a `Locked`.
final class FanoutInputWatcher: Sendable {
    private let closed = Locked(false)

    init() {
        let thread = Thread { [closed] in
            while !FileHandle.standardInput.availableData.isEmpty {}
            closed.withLock { $0 = true }
        }
        thread.start()
    }

    var isClosed: Bool { closed.withLock { $0 } }
}
