#if canImport(Glibc)
import Glibc
#endif

/// POSIX `rename(2)`: atomically replaces the target (Foundation's `replaceItemAt` is not atomic on Linux).
///
/// Stateless; the only C call of the Export module.
enum SystemFileRename {
    /// Renames `source` over `target`; returns errno on failure, 0 on success.
    static func rename(_ source: String, over target: String) -> Int32 {
        Glibc.rename(source, target) == 0 ? 0 : errno
    }
}
