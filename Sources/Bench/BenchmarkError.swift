import Synchronization

/// Why a benchmark could not produce a valid figure.
enum BenchmarkError: Error, CustomStringConvertible {
    case commandsFailed(count: Int)
    case requestsFailed(count: Int, firstStatus: Int)
    case loadGeneratorFailed(String)

    var description: String {
        switch self {
        case .commandsFailed(let count): "\(count) benchmark commands failed; the figures would be meaningless"
        case .requestsFailed(let count, let status): "\(count) requests failed (first status \(status))"
        case .loadGeneratorFailed(let reason): "load generator failed: \(reason)"
        }
    }
}

/// Counts failures from many threads.
final class FailureCounter: Sendable {
    private let value = Atomic<Int>(0)
    func record() { value.add(1, ordering: .relaxed) }
    var count: Int { value.load(ordering: .relaxed) }
}
