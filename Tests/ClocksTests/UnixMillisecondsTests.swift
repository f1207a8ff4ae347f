import Clocks
import Foundation
import Testing

@Suite struct UnixMillisecondsTests {
    @Test(arguments: [
        (1_735_689_600.0004, Int64(1_735_689_600_000)),
        (1_735_689_600.0009, 1_735_689_600_000),
        (1_735_689_600.001, 1_735_689_600_001),
        (0.0, 0),
        (-0.0005, -1),
        (-1.0, -1_000),
    ])
    func dateRoundsDownToTheMillisecond(seconds: Double, expected: Int64) {
        #expect(UnixMilliseconds(Date(timeIntervalSince1970: seconds)).rawValue == expected)
    }

    @Test func dateRoundTripsWholeMilliseconds() {
        let instant = UnixMilliseconds(1_735_689_600_123)
        #expect(UnixMilliseconds(instant.date) == instant)
        #expect(instant.date.timeIntervalSince1970 == 1_735_689_600.123)
    }

    @Test(arguments: [(Int64(1_999), Int64(1)), (2_000, 2), (0, 0), (-1, -1), (-1_000, -1), (-1_001, -2)])
    func secondsRoundDown(milliseconds: Int64, expected: Int64) {
        #expect(UnixMilliseconds(milliseconds).seconds == expected)
    }

    @Test func durationArithmetic() {
        let start = UnixMilliseconds(10_000)
        #expect(start + .seconds(2) == UnixMilliseconds(12_000))
        #expect(start - .milliseconds(250) == UnixMilliseconds(9_750))
        #expect(start + .microseconds(1_999) == UnixMilliseconds(10_001))
        #expect(UnixMilliseconds(12_500) - start == .milliseconds(2_500))
        #expect(start - UnixMilliseconds(12_500) == .milliseconds(-2_500))
        var moving = start
        moving += .seconds(60)
        moving -= .seconds(1)
        #expect(moving.rawValue == 69_000)
    }

    @Test func orderAndStorageEdge() {
        #expect(UnixMilliseconds(1) < UnixMilliseconds(2))
        #expect(UnixMilliseconds(rawValue: 5) == UnixMilliseconds(5))
        #expect(Set([UnixMilliseconds(3), UnixMilliseconds(3)]).count == 1)
        #expect(UnixMilliseconds(42).description == "42")
    }

    @Test func wholeMillisecondsRoundTowardZero() {
        #expect(Duration.microseconds(1_999).wholeMilliseconds == 1)
        #expect(Duration.microseconds(-1_999).wholeMilliseconds == -1)
        #expect(Duration.seconds(3).wholeMilliseconds == 3_000)
    }
}
