import Net

/// A process-unique number for the calling thread, for ownership checks (`Reader`, `Writer`).
///
/// Never reused by a later thread (unlike a thread object's address or a `pthread_t`); read from a thread-specific
/// slot (`SystemThreadIdentity`), cheap enough for every read.
enum ThreadIdentity {
    /// The calling thread's number, assigned on first call.
    static var current: Int { SystemThreadIdentity.current }
}
