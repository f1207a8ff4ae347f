import Clocks
import Locking

/// The game time of the resources benchmark: it starts at a fixed instant and moves one production period per run,
/// so every run finds the same amount of work due however long the previous one took on the wall clock.
///
/// The benchmark's thread moves it; the job workers read it through `WallClock`.
final class SimulatedGameTime: WallClock {
    private let current: Locked<UnixMilliseconds>

    init(startingAt start: UnixMilliseconds) {
        current = Locked(start)
    }

    var now: UnixMilliseconds { current.withLock { $0 } }

    func advance(by duration: Duration) {
        current.withLock { $0 += duration }
    }
}
