/// A Sendable box for a value that may only be touched on one event loop's thread.
///
/// Lets loop-owned objects (a connection) travel inside `@Sendable` closures that are executed back on their loop, as
/// NIO's `NIOLoopBound` does. Every access checks the thread.
package struct LoopBound<Value>: @unchecked Sendable {
    // Safety: `storage` is only read through `value`, which traps unless called on `loop`'s thread.
    private let storage: Value
    package let loop: EventLoop

    package init(_ value: Value, loop: EventLoop) {
        loop.preconditionInEventLoop()
        storage = value
        self.loop = loop
    }

    /// The value; loop thread only.
    package var value: Value {
        loop.preconditionInEventLoop()
        return storage
    }
}
