#if canImport(Glibc)
import Glibc
#endif

/// The size and free space of the file system holding a path, from statvfs(3).
///
/// Exists for the storage monitor (free bytes of the data dir's file system as a metric and a warning floor). A value;
/// `sample(path:)` is a blocking system call that any thread may make (never an event loop).
package struct SystemFileSystemSpace: Sendable, Equatable {
    /// Bytes an unprivileged process may still allocate (`f_bavail * f_frsize`).
    package var availableBytes: Int64
    /// The file system's size (`f_blocks * f_frsize`).
    package var totalBytes: Int64

    /// Samples the file system holding `path`.
    /// - Throws: `NetError.system` (for example `ENOENT` when `path` does not exist).
    package static func sample(path: String) throws(NetError) -> SystemFileSystemSpace {
        var result = statvfs()
        guard System.retryingInterrupts({ statvfs(path, &result) }) == 0 else {
            throw NetError.system(function: "statvfs", errno: errno)
        }
        let fragment = Int64(result.f_frsize)
        return SystemFileSystemSpace(availableBytes: Int64(result.f_bavail) * fragment,
                                     totalBytes: Int64(result.f_blocks) * fragment)
    }
}
