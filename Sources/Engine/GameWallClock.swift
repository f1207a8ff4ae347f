import Game
import Jobs

/// The game's clock seen as the job queue's `WallClock`, so settlement jobs run at the `endTime` the game computed
/// (one clock for both in tests). A plain value; any thread may read it.
public struct GameWallClock: WallClock {
    public let clock: any GameClock

    public init(_ clock: any GameClock) {
        self.clock = clock
    }

    public var now: Int64 { clock.nowMilliseconds }
}
