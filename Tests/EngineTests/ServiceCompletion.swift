import Dispatch
import TestSupport

/// Starts a service call and waits (at most 10 s) for its one completion. A failure is thrown as the service's own
/// error, where `EngineFixture.wait` unwraps the rule's error inside it: for tests that check the service's answer.
func awaitServiceCompletion<T: Sendable, Failure: Error>(
    _ start: (@escaping @Sendable (Result<T, Failure>) -> Void) -> Void
) throws -> T {
    let result = Collected<Result<T, Failure>>()
    let done = DispatchSemaphore(value: 0)
    start { outcome in
        result.append(outcome)
        done.signal()
    }
    guard done.wait(timeout: .now() + 10) == .success, let outcome = result.all.first else {
        throw CancellationError()
    }
    return try outcome.get()
}
