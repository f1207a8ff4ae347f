/// What a writer command promises about where it can fail, which tells the writer whether the command needs a
/// savepoint of its own in a batch of several.
///
/// A savepoint (SAVEPOINT, then RELEASE or ROLLBACK TO) lets one command roll back alone while the rest of its batch
/// commits; it costs two statements and SQLite's copy of every page the command changes into the sub-journal (about
/// 7k instructions for a three-statement command). A command that throws only before it changed any row has nothing
/// to roll back, so it needs none. Chosen by the domain service that submits the command, which knows where its rules
/// can refuse. See https://www.sqlite.org/lang_savepoint.html .
public enum WriterCommandPromise: Sendable {
    /// The command may throw after it changed rows: it runs in its own savepoint (the default).
    case none
    /// The command throws only before its first change (every check comes before every write), so it runs without a
    /// savepoint. The writer checks the promise with `sqlite3_total_changes` (rows changed by INSERT, UPDATE and
    /// DELETE, triggers included): when the command throws after changing rows, the whole batch rolls back and the
    /// batch's other commands run again, each in its own savepoint, so the command still fails alone with its own
    /// error and the others commit, at the cost of running them twice. Schema statements are not counted, so such a
    /// command must not run any.
    case failsOnlyBeforeFirstWrite
}
