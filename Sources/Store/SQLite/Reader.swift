import Locking


/// One read-only connection, bound to the thread that first uses it (one per event loop).
///
/// Each `read` runs in one read transaction, so everything it sees comes from one consistent WAL snapshot, and it never
/// waits on the writer (https://www.sqlite.org/wal.html#concurrency). Keep reads short: a long read transaction stops
/// checkpoints from passing its snapshot and lets the WAL grow.
public final class Reader: @unchecked Sendable {
    // Safety: `connection` is only used by the owner thread (the first thread to call `read`, recorded in `state` and
    // checked with a precondition on every call) while `state.isClosed` is false; `close()` from another thread only
    // marks the reader closed, and the connection is closed by whoever holds it last (the reading owner or `close`).
    private let connection: Connection
    private let state = Locked(State())

    /// Ownership and lifecycle of the connection, guarded by `state`.
    private struct State {
        var ownerThread: Int?
        var readDepth = 0
        var isClosed = false
        var isCloseRequested = false
    }

    init(configuration: StoreConfiguration) throws(StoreError) {
        connection = try Connection(configuration: configuration, readOnly: true)
    }

    /// Runs `body` inside one read transaction (`BEGIN DEFERRED` … `COMMIT`): its reads see one snapshot, taken at its
    /// first read. A nested `read` from inside `body` joins the same transaction.
    /// Traps when called from another thread than the first one that used this reader.
    /// - Throws: `StoreError.connectionClosed` after `ReaderPool.close()`, a `StoreError` from SQLite, or what `body`
    ///   throws.
    public func read<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        let depth = try enter()
        defer { leave() }
        if depth > 0 { return try body(connection) }
        try connection.run("BEGIN DEFERRED")
        let value: T
        do {
            value = try body(connection)
        } catch {
            try? connection.run("ROLLBACK")
            throw error
        }
        do {
            try connection.run("COMMIT")
        } catch {
            try? connection.run("ROLLBACK")
            throw error
        }
        return value
    }

    /// Runs `body`, which must run exactly one statement, without an explicit transaction: SQLite runs a lone statement
    /// in its own read transaction, so it still reads one snapshot, and `BEGIN`/`COMMIT` around it would only add two
    /// statement executions (about 4k instructions on the authenticated request's token check, which runs this).
    /// Inside a `read`, it joins that transaction. Traps when called from another thread than the reader's owner.
    /// - Throws: `StoreError.connectionClosed` after `ReaderPool.close()`, a `StoreError` from SQLite, or what `body`
    ///   throws.
    public func readOneStatement<T>(_ body: (any SQLExecutor) throws -> T) throws -> T {
        _ = try enter()
        defer { leave() }
        return try body(connection)
    }

    /// Claims the connection for the calling thread; returns the nesting depth before this call.
    private func enter() throws(StoreError) -> Int {
        let thread = ThreadIdentity.current
        let path = connection.configuration.path
        return try state.withLock { state throws(StoreError) -> Int in
            if let owner = state.ownerThread {
                precondition(owner == thread, "a Reader was used from another thread than its owner")
            } else {
                state.ownerThread = thread
            }
            guard !state.isClosed, !state.isCloseRequested else { throw .connectionClosed(path: path) }
            state.readDepth += 1
            return state.readDepth - 1
        }
    }

    private func leave() {
        let shouldClose = state.withLock { state -> Bool in
            state.readDepth -= 1
            guard state.readDepth == 0, state.isCloseRequested, !state.isClosed else { return false }
            state.isClosed = true
            return true
        }
        if shouldClose { connection.close() }
    }

    /// Closes the connection now, or when the running read ends. Idempotent; later reads throw `.connectionClosed`.
    func close() {
        let shouldClose = state.withLock { state -> Bool in
            guard !state.isClosed else { return false }
            state.isCloseRequested = true
            guard state.readDepth == 0 else { return false }
            state.isClosed = true
            return true
        }
        if shouldClose { connection.close() }
    }
}
