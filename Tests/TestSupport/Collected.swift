import Locking

/// A list that callbacks on other threads append to (a bus subscriber, a job handler, a server's hook) and a test
/// reads, in the order of the appends.
///
/// Any thread; every access takes the lock for a copy or one append.
public final class Collected<Element: Sendable>: Sendable {
    private let elements = Locked<[Element]>([])

    public init() {}

    public func append(_ element: Element) { elements.withLock { $0.append(element) } }

    public func append(contentsOf batch: [Element]) { elements.withLock { $0 += batch } }

    /// A copy of everything appended so far.
    public var all: [Element] { elements.withLock { $0 } }

    public func removeAll() { elements.withLock { $0.removeAll() } }

    /// Runs `body` on the list under the lock.
    public func withLock<T>(_ body: (inout [Element]) -> T) -> T { elements.withLock { body(&$0) } }
}
