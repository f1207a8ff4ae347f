import ClockTesting
import Clocks
import Foundation
import Testing

@Suite struct ClockTests {
    @Test func manualClockMovesOnlyWhenTold() {
        let clock = ManualClock()
        #expect(clock.now == ManualClock.defaultStart)
        clock.advance(by: .seconds(90))
        #expect(clock.now == ManualClock.defaultStart + .seconds(90))
        clock.advance(by: .milliseconds(-500))
        #expect(clock.now.rawValue == 1_735_689_689_500)
        clock.set(UnixMilliseconds(7))
        #expect(clock.now.rawValue == 7)
        clock.set(milliseconds: 9)
        #expect(ManualClock(milliseconds: 9).now == clock.now)
    }

    @Test func systemClockReadsTheWallClock() {
        let before = UnixMilliseconds(Date())
        let now = SystemClock().now
        let after = UnixMilliseconds(Date())
        #expect(before <= now && now <= after)
    }
}
