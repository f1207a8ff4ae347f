#if canImport(Glibc)
import Glibc
#endif
import Locking

/// An exclusive advisory lock on one file, taken with `flock(LOCK_EX | LOCK_NB)` and held until `release()` (or
/// `deinit`, or the process's exit, which the kernel turns into a release even after SIGKILL).
///
/// Exists so that only one process writes a data dir (`worldgame serve`, `migrate`, `restore`, ...): the holder writes
/// a short text (its pid and command) into the file, and a refused caller reads it to name the holder. The lock
/// belongs to the open file description, so a second `acquire` of the same path in the same process is refused too.
/// Any thread; the descriptor sits behind a lock and is closed once. See flock(2).
package final class SystemFileLock: Sendable {
    /// What `acquire` found.
    package enum Outcome: Sendable {
        /// This process now holds the lock.
        case acquired(SystemFileLock)
        /// Another open file description holds it; `holderText` is what its holder wrote into the file (may be empty
        /// when the holder has not written yet).
        case heldElsewhere(holderText: String)
    }

    /// The open descriptor holding the lock (-1 once released).
    private let descriptor: Locked<Int32>
    /// The locked file.
    package let path: String

    private init(descriptor: Int32, path: String) {
        self.descriptor = Locked(descriptor)
        self.path = path
    }

    deinit { release() }

    /// Opens (creating it with mode 0600 when missing) and locks `path` without waiting; on success replaces its
    /// contents with `holderText` and flushes them.
    /// - Throws: `NetError.system` when the file cannot be opened, locked for a reason other than contention, or
    ///   written.
    package static func acquire(path: String, holderText: String) throws(NetError) -> Outcome {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw NetError.system(function: "open", errno: errno) }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            if code == EWOULDBLOCK || code == EAGAIN {
                let text = readAll(descriptor)
                System.close(descriptor)
                return .heldElsewhere(holderText: text)
            }
            System.close(descriptor)
            throw NetError.system(function: "flock", errno: code)
        }
        let lock = SystemFileLock(descriptor: descriptor, path: path)
        do throws(NetError) {
            try write(holderText, to: descriptor)
        } catch {
            lock.release()
            throw error
        }
        return .acquired(lock)
    }

    /// Unlocks and closes the file (the text stays; the next holder overwrites it). Idempotent.
    package func release() {
        let held = descriptor.withLock { value -> Int32 in
            let old = value
            value = -1
            return old
        }
        guard held >= 0 else { return }
        _ = flock(held, LOCK_UN)
        System.close(held)
    }

    /// Whether this object still holds the lock.
    package var isHeld: Bool { descriptor.withLock { $0 >= 0 } }

    /// Truncates the file and writes `text` at offset 0, then fsyncs it.
    private static func write(_ text: String, to descriptor: Int32) throws(NetError) {
        guard ftruncate(descriptor, 0) == 0 else { throw NetError.system(function: "ftruncate", errno: errno) }
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                pwrite(descriptor, buffer.baseAddress.map { $0 + offset }, bytes.count - offset, off_t(offset))
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw NetError.system(function: "pwrite", errno: errno)
            }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw NetError.system(function: "fsync", errno: errno) }
    }

    /// The file's first 4 KiB as text (empty when unreadable).
    private static func readAll(_ descriptor: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return "" }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }
}
