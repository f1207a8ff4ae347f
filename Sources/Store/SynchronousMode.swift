/// The value of `PRAGMA synchronous` for the write connection: how hard SQLite syncs the WAL at each commit.
///
/// `.full` (the default) fsyncs the WAL at every commit, so a committed batch survives power loss; `.normal` only
/// survives an application crash. See https://www.sqlite.org/pragma.html#pragma_synchronous .
public enum SynchronousMode: String, Sendable, CaseIterable {
    /// No syncs at all. Never use for data you care about.
    case off
    /// WAL synced at checkpoints only: consistent, but the newest commits may be lost on power loss.
    case normal
    /// WAL synced at every commit: committed means durable.
    case full
    /// Like `.full`, plus directory syncs.
    case extra

    /// The keyword used in `PRAGMA synchronous=…`.
    var pragmaValue: String { rawValue.uppercased() }
}
