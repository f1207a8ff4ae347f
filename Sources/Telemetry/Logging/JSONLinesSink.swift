import Locking
import Synchronization

/// A `LogSink` that writes one JSON object per line to a file descriptor (standard output by default).
///
/// Each line goes out in a single `write(2)`: lines up to `PIPE_BUF` (4096 bytes) are atomic on a pipe, so concurrent
/// loggers never interleave them and need no lock. Longer lines are written while holding a `SystemMutex`, so two long
/// lines never interleave with each other; that lock is knowingly held across `write(2)` (the brief asks for it, and a
/// blocked stdout would stall every logger anyway). If the descriptor refuses data (closed pipe, `EAGAIN`) the line is
/// dropped and counted in `droppedLineCount`; logging never crashes the server. The sink does not own or close the
/// descriptor. Called from any thread. Format: see `JSONLineEncoder`.
public final class JSONLinesSink: LogSink {
    /// The process-wide sink on descriptor 1.
    public static let standardOutput = JSONLinesSink(fileDescriptor: 1)

    private let fileDescriptor: Int32
    /// Mutual exclusion only, no guarded value: a bare `SystemMutex`. (It was a `Locked<Void>`: TSan placed the
    /// zero-sized value's inout access at the object's first bytes and reported it as racing a plain read there.)
    private let longLineLock = SystemMutex()
    private let droppedLines = Atomic<Int64>(0)

    /// - Parameter fileDescriptor: an open descriptor the caller keeps open for the sink's lifetime.
    public init(fileDescriptor: Int32 = 1) {
        self.fileDescriptor = fileDescriptor
    }

    /// Lines that could not be written (the descriptor refused them).
    var droppedLineCount: Int64 { droppedLines.load(ordering: .relaxed) }

    public func write(_ record: LogRecord) {
        write(line: JSONLineEncoder.encode(record))
    }

    public func write(encodedLine line: [UInt8], level: LogLevel) -> Bool {
        write(line: line)
        return true
    }

    private func write(line: [UInt8]) {
        let isWritten: Bool
        if line.count <= SystemIO.atomicPipeWriteBytes {
            isWritten = SystemIO.writeAll(line, to: fileDescriptor)
        } else {
            longLineLock.lock()
            defer { longLineLock.unlock() }
            isWritten = SystemIO.writeAll(line, to: fileDescriptor)
        }
        if !isWritten {
            droppedLines.wrappingAdd(1, ordering: .relaxed)
        }
    }
}
