import Foundation
import Synchronization

/// A process-unique number for the calling thread, for ownership checks (`Reader`, `Writer`).
///
/// Stored in the thread's own `threadDictionary` on first use, so it never needs raw pthread handles and is never
/// reused by a later thread (unlike a thread object's address).
enum ThreadIdentity {
    private static let key = "worldgame.thread.identity"
    private static let next = Atomic<Int>(1)

    /// The calling thread's number, assigned on first call.
    static var current: Int {
        let dictionary = Thread.current.threadDictionary
        if let identity = dictionary[key] as? Int { return identity }
        let identity = next.add(1, ordering: .relaxed).oldValue
        dictionary[key] = identity
        return identity
    }
}
