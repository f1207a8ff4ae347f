import Dispatch
import Store

/// Blocks the writer thread inside a command until released, so the commands a test submits meanwhile queue up and
/// the writer takes them as one batch.
public final class WriterGate: Sendable {
    private let entered = DispatchSemaphore(value: 0)
    private let released = DispatchSemaphore(value: 0)

    public init() {}

    /// Submits the blocking command and returns once the writer thread is inside it.
    public func close(_ writer: Writer) {
        writer.submit({ [self] _ in
            entered.signal()
            released.wait()
        }, completion: { _ in })
        entered.wait()
    }

    /// Lets the blocked command return: the writer then takes what was queued meanwhile.
    public func open() { released.signal() }
}
