import Dispatch
import Foundation
import Locking
import Net

/// The only write connection, owned by one dedicated thread ("worldgame-writer"), committing in groups.
///
/// Callers on any thread submit commands; the writer thread takes everything waiting (up to
/// `StoreConfiguration.maxBatchCommands`), runs it in one transaction with a savepoint per command (except those
/// that promise to fail only before their first write), and commits once, so a whole batch costs one fsync. Completions run on the writer thread only after the commit is durable
/// (`synchronous=FULL` by default), or later on the thread of the `WriterCompletionGate` (sync replication). The queue is bounded by `maxQueuedCommands`: beyond it submits fail fast.
///
/// ```swift
/// let writer = try Writer(configuration: configuration)
/// let id = try await writer.perform { transaction in
///     try transaction.run("INSERT INTO player(name) VALUES (?)", ["ada"])
///     return transaction.lastInsertRowID
/// }
/// writer.shutdown()
/// ```
public final class Writer: Sendable {
    /// The name of every writer thread (Foundation's; the kernel's, which `top -H` shows, is its first 15 bytes,
    /// "worldgame-write").
    public static let threadName = "worldgame-writer"

    /// The configuration the write connection was opened with.
    public let configuration: StoreConfiguration
    private let queue: WriterQueue
    /// The `ThreadIdentity` of the writer thread.
    private let writerThreadIdentity: Int
    /// Signalled once by the writer thread when it has drained the queue and closed the connection.
    private let finished = DispatchSemaphore(value: 0)

    /// Opens the write connection (WAL, `synchronous` from the configuration; with FULL or EXTRA each commit's WAL frames
    /// go to the kernel in one write, see `SQLiteWALAppendVFS`) and starts the writer thread.
    /// - Parameters:
    ///   - observers: called on the writer thread for every batch, in this order (see `WriterObserver`).
    ///   - completionGate: holds each committed batch's completions until it releases them (sync replication).
    ///   - preCommitStep: runs in every batch after its commands, before its changeset and observers (see
    ///     `WriterPreCommitStep`).
    /// - Throws: `StoreError` when the database cannot be opened or configured.
    public init(configuration: StoreConfiguration, observers: [any WriterObserver] = [],
                completionGate: (any WriterCompletionGate)? = nil, preCommitStep: WriterPreCommitStep? = nil) throws {
        self.configuration = configuration
        let connection = try Connection(configuration: configuration, readOnly: false, coalescingWALAppends: true)
        let queue = WriterQueue(limit: configuration.maxQueuedCommands)
        self.queue = queue
        let loop = WriterLoop(
            connection: connection, queue: queue, observers: observers, completionGate: completionGate,
            preCommitStep: preCommitStep, maxBatchCommands: configuration.maxBatchCommands,
            gatherWindow: configuration.batchGatherWindow)
        let finished = finished
        let started = ResultBox<Int>()
        let thread = Thread {
            Thread.current.threadDictionary[Self.writerMarkerKey] = true
            SystemThread.nameCurrent(Self.threadName)
            started.fulfil(.success(ThreadIdentity.current))
            loop.run()
            finished.signal()
        }
        thread.name = Self.threadName
        thread.start()
        switch started.wait() {
        case .success(let identity): writerThreadIdentity = identity
        case .failure: preconditionFailure("the writer thread reports only its identity")
        }
    }

    deinit {
        // Never block here (the last reference may be dropped on the writer thread): the thread drains and exits alone.
        queue.stopAccepting()
    }

    /// Queues `command`. `completion` runs on the writer thread (or the completion gate's) after the batch holding the
    /// command is durably committed, with the command's value or error (or the batch's error if the batch failed as a
    /// whole). When the writer is stopped (`.writerStopped`) or its queue is full (`.writerOverloaded`), `completion`
    /// runs at once on the calling thread.
    ///
    /// `command` may run more than once: when another command of its batch breaks its `promise`, the batch rolls back
    /// and runs again (see `WriterCommandPromise`). So whatever it should do outside the database goes through
    /// `Transaction.afterCommit`, which only the run that commits keeps.
    /// - Parameter promise: `.failsOnlyBeforeFirstWrite` when `command` throws only before its first change; it then
    ///   runs without a savepoint of its own.
    public func submit<T: Sendable>(
        promise: WriterCommandPromise = .none,
        _ command: @escaping @Sendable (Transaction) throws -> T,
        completion: @escaping @Sendable (Result<T, any Error>) -> Void
    ) {
        if let refusal = queue.enqueue(WriterCommand(command, promise: promise, completion: completion)) {
            completion(.failure(refusal))
        }
    }

    /// Runs `command` on the writer and returns its value once it is durably committed.
    public func perform<T: Sendable>(
        promise: WriterCommandPromise = .none, _ command: @escaping @Sendable (Transaction) throws -> T
    ) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            submit(promise: promise, command) { result in continuation.resume(with: result) }
        }
    }

    /// Runs `command` on the writer and blocks the calling thread until it is durably committed.
    /// Never call from an event loop, nor from the writer thread itself (that would deadlock: it traps instead).
    public func performAndWait<T: Sendable>(
        promise: WriterCommandPromise = .none, _ command: @escaping @Sendable (Transaction) throws -> T
    ) throws -> T {
        precondition(!isOnWriterThread, "Writer.performAndWait called from its own writer thread would deadlock")
        let box = ResultBox<T>()
        submit(promise: promise, command) { result in box.fulfil(result) }
        return try box.wait().get()
    }

    /// Runs `body` on the writer thread with the write connection itself, alone: after every command queued before it
    /// committed and before any queued after it starts, with no transaction open, no hooks and no change capture.
    /// For maintenance that cannot run inside a batch (replacing the database's contents with a snapshot). Blocks the
    /// calling thread until `body` returned; everything else waits meanwhile. Never call from the writer thread.
    public func performExclusiveAndWait<T: Sendable>(_ body: @escaping @Sendable (Connection) throws -> T) throws -> T {
        precondition(!isOnWriterThread, "Writer.performExclusiveAndWait called from its own writer thread would deadlock")
        let box = ResultBox<T>()
        if let refusal = queue.enqueue(WriterCommand(exclusive: body, completion: { box.fulfil($0) })) {
            throw refusal
        }
        return try box.wait().get()
    }

    /// Bumped by long exclusive bodies (`DatabaseReplacement` steps) through `reportProgress()`.
    private let progress = Locked<UInt64>(0)

    /// Says the writer thread is alive while it runs a long exclusive body (call it from that body, e.g. once per
    /// copy step): `ServiceWatchdog` treats a writer whose count moves as working, not wedged.
    public func reportProgress() { progress.withLock { $0 &+= 1 } }

    /// How often `reportProgress()` was called (only its changes mean anything).
    public var progressCount: UInt64 { progress.withLock { $0 } }

    /// Commands queued and not yet taken by the writer thread (for `worldgame_writer_queue_depth`).
    public var queuedCommandCount: Int { queue.count }

    /// Stops accepting commands (later submits complete with `.writerStopped`), lets the writer thread execute and
    /// commit everything already queued, closes the connection and waits for the thread to end.
    /// Idempotent; every caller blocks until the writer is done. Traps on the writer thread (it would deadlock).
    public func shutdown() {
        precondition(!isOnWriterThread, "Writer.shutdown called from its own writer thread would deadlock")
        queue.stopAccepting()
        finished.wait()
        finished.signal()
    }

    /// Whether the calling thread is this writer's thread.
    public var isOnWriterThread: Bool {
        ThreadIdentity.current == writerThreadIdentity
    }

    /// Traps unless the calling thread is a writer thread (owners check themselves, as GRDB's watchdog does).
    public static func preconditionOnWriterThread() {
        precondition(Thread.current.threadDictionary[writerMarkerKey] as? Bool == true, "must run on a writer thread")
    }

    /// Set in every writer thread's `threadDictionary`.
    private static let writerMarkerKey = "worldgame.writer.thread"
}

/// A one-shot result handed from the writer thread to a thread blocked in `performAndWait`.
private final class ResultBox<T: Sendable>: Sendable {
    private let result = Locked<Result<T, any Error>?>(nil)
    private let ready = DispatchSemaphore(value: 0)

    func fulfil(_ value: Result<T, any Error>) {
        result.withLock { $0 = value }
        ready.signal()
    }

    func wait() -> Result<T, any Error> {
        ready.wait()
        return result.withLock { stored in
            guard let stored else { preconditionFailure("performAndWait woke without a result") }
            return stored
        }
    }
}
