@testable import HTTP
import Testing

/// `HTTPConnectionStateMachine` driven without sockets: bytes in, actions and emitted bytes out, time injected.
@Suite struct HTTPConnectionStateMachineTests {
    static let start = ContinuousClock.now
    static let date = "Sun, 06 Nov 1994 08:49:37 GMT"

    static func machine(maxPipelinedRequests: Int = 32) -> HTTPConnectionStateMachine {
        var limits = HTTPParserLimits()
        limits.maxBodyBytes = 16
        return HTTPConnectionStateMachine(
            settings: .init(limits: limits, idleTimeout: .seconds(60), headerReadTimeout: .seconds(10),
                            bodyReadTimeout: .seconds(30), maxOutboundBytes: 1_024,
                            maxPipelinedRequests: maxPipelinedRequests),
            now: start)
    }

    /// Feeds `text` and collects read events and emitted bytes.
    static func feed(_ machine: inout HTTPConnectionStateMachine, _ text: String,
                     at now: ContinuousClock.Instant = start) -> (events: [HTTPConnectionStateMachine.ReadEvent], emitted: String) {
        machine.received(Array(text.utf8), now: now)
        var events: [HTTPConnectionStateMachine.ReadEvent] = []
        var emitted: [UInt8] = []
        while let event = machine.nextReadEvent(now: now, emit: { emitted += $0 }) { events.append(event) }
        return (events, String(decoding: emitted, as: UTF8.self))
    }

    static func complete(_ machine: inout HTTPConnectionStateMachine, _ sequence: UInt64, _ body: String) -> String {
        var emitted: [UInt8] = []
        machine.complete(sequence: sequence, response: .text(body), date: date, now: start) { emitted += $0 }
        return String(decoding: emitted, as: UTF8.self)
    }

    static func sequences(_ events: [HTTPConnectionStateMachine.ReadEvent]) -> [UInt64] {
        events.map {
            switch $0 {
            case .request(_, let sequence), .parseError(_, let sequence): sequence
            }
        }
    }

    @Test func outOfOrderCompletionsAreEmittedInRequestOrder() {
        var machine = Self.machine()
        let get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        let (events, _) = Self.feed(&machine, get + get + get)
        #expect(Self.sequences(events) == [0, 1, 2])
        #expect(Self.complete(&machine, 2, "two").isEmpty)
        #expect(Self.complete(&machine, 1, "one").isEmpty)
        let written = Self.complete(&machine, 0, "zero")
        let order = ["zero", "one", "two"].compactMap { written.range(of: $0)?.lowerBound }
        #expect(order.count == 3 && order == order.sorted())
        #expect(machine.pendingCount == 0)
        #expect(!machine.complete(sequence: 1, response: .text("again"), date: Self.date, now: Self.start) { _ in })
    }

    @Test func continueIsSentAtOnceWhenNothingIsPendingElseAfterEarlierResponses() {
        var machine = Self.machine()
        let (_, emitted) = Self.feed(&machine, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
        #expect(emitted == "HTTP/1.1 100 Continue\r\n\r\n")

        var busy = Self.machine()
        let (events, early) = Self.feed(&busy, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
                                        + "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n")
        #expect(events.count == 1 && early.isEmpty)
        let written = Self.complete(&busy, 0, "first")
        #expect(written.hasSuffix("first" + "HTTP/1.1 100 Continue\r\n\r\n"))
    }

    @Test func parseErrorDrainsThenClosesWithLinger() {
        var machine = Self.machine()
        let (events, _) = Self.feed(&machine, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99\r\n\r\n")
        guard case .parseError(let error, let sequence)? = events.first else {
            Issue.record("expected a parse error, got \(events)")
            return
        }
        #expect(error.status == .payloadTooLarge)
        #expect(machine.lifecycle == .draining && machine.closeShouldLinger)
        #expect(!machine.shouldRead(queuedBytes: 0))
        #expect(!machine.shouldClose(queueIsEmpty: true))
        let written = Self.complete(&machine, sequence, "x")
        #expect(written.contains("connection: close"))
        #expect(machine.shouldClose(queueIsEmpty: true))
        #expect(!machine.shouldClose(queueIsEmpty: false))
    }

    @Test func connectionCloseRequestIsTheLastOne() {
        var machine = Self.machine()
        let (events, _) = Self.feed(&machine, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(events.count == 1)
        #expect(Self.complete(&machine, 0, "bye").contains("connection: close"))
        #expect(machine.shouldClose(queueIsEmpty: true))
    }

    @Test func headerTimeoutProduces408AndIdleTimeoutCloses() {
        var slow = Self.machine()
        _ = Self.feed(&slow, "GET / HTTP/1.1\r\n", at: Self.start + .seconds(1))
        #expect(slow.nextDeadline == Self.start + .seconds(11))
        #expect(slow.timerFired(now: Self.start + .seconds(5)) == .none)
        #expect(slow.timerFired(now: Self.start + .seconds(11)) == .requestTimedOut(sequence: 0))
        #expect(Self.complete(&slow, 0, "timeout").contains("connection: close"))
        #expect(slow.shouldClose(queueIsEmpty: true))

        var idle = Self.machine()
        #expect(idle.nextDeadline == Self.start + .seconds(60))
        #expect(idle.timerFired(now: Self.start + .seconds(60)) == .close)
        #expect(idle.lifecycle == .closed)
    }

    @Test func bodyTimeoutStartsWhenTheHeadIsComplete() {
        var machine = Self.machine()
        _ = Self.feed(&machine, "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nab", at: Self.start + .seconds(2))
        #expect(machine.nextDeadline == Self.start + .seconds(32))
        #expect(machine.timerFired(now: Self.start + .seconds(32)) == .requestTimedOut(sequence: 0))
    }

    @Test func idleDeadlineMovesWithActivityWhileAHandlerIsBusy() {
        var machine = Self.machine()
        _ = Self.feed(&machine, "GET / HTTP/1.1\r\nHost: x\r\n\r\n", at: Self.start + .seconds(3))
        #expect(machine.nextDeadline == Self.start + .seconds(63))
        machine.wrote(now: Self.start + .seconds(10))
        #expect(machine.nextDeadline == Self.start + .seconds(70))
    }

    @Test func shutdownClosesIdleAtOnceAndMarksTheLastPendingResponse() throws {
        var idle = Self.machine()
        idle.beginShutdown()
        #expect(idle.shouldClose(queueIsEmpty: true))

        var busy = Self.machine()
        _ = Self.feed(&busy, "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        busy.beginShutdown()
        #expect(!busy.shouldClose(queueIsEmpty: true))
        let written = Self.complete(&busy, 1, "second") + Self.complete(&busy, 0, "first")
        #expect(written.components(separatedBy: "connection: close").count == 2)
        let closeMark = try #require(written.range(of: "connection: close"))
        let firstBody = try #require(written.range(of: "first"))
        #expect(closeMark.lowerBound > firstBody.lowerBound)
        #expect(busy.shouldClose(queueIsEmpty: true))
    }

    @Test func pipeliningCapPausesParsingUntilAResponseCompletes() {
        var machine = Self.machine(maxPipelinedRequests: 2)
        let get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n"
        let (events, _) = Self.feed(&machine, get + get + get)
        #expect(events.count == 2)
        #expect(!machine.shouldRead(queuedBytes: 0))
        #expect(machine.hasUnprocessedBytes)
        _ = Self.complete(&machine, 0, "zero")
        #expect(machine.shouldRead(queuedBytes: 0))
        #expect(!machine.shouldRead(queuedBytes: 1_024))
        let (more, _) = Self.feed(&machine, "")
        #expect(Self.sequences(more) == [2])
    }

    @Test func peerEndOfInputFinishesPendingThenCloses() {
        var machine = Self.machine()
        _ = Self.feed(&machine, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        machine.peerClosedInput()
        #expect(!machine.shouldClose(queueIsEmpty: true))
        #expect(Self.complete(&machine, 0, "last").contains("connection: close"))
        #expect(machine.shouldClose(queueIsEmpty: true))
    }

    @Test func responsesAfterCloseAreDropped() {
        var machine = Self.machine()
        _ = Self.feed(&machine, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        machine.closed()
        #expect(Self.complete(&machine, 0, "late").isEmpty)
    }

    @Test func evictableSinceFollowsWhatTheConnectionIsDoing() {
        var machine = Self.machine()
        #expect(machine.evictableSince == Self.start)  // accepted, silent
        let headStart = Self.start + .seconds(1)
        _ = Self.feed(&machine, "GET /a HTTP/1.1\r\nHo", at: headStart)
        #expect(machine.evictableSince == headStart)  // dribbling a head: ranked by when it began
        let events = Self.feed(&machine, "st: x\r\n\r\n", at: Self.start + .seconds(2))
        #expect(machine.evictableSince == nil)  // a request in flight
        _ = Self.complete(&machine, Self.sequences(events.events)[0], "ok")
        machine.wrote(now: Self.start + .seconds(3))
        #expect(machine.evictableSince == Self.start + .seconds(3))  // idle keep-alive since the last write
        _ = Self.feed(&machine, "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nab", at: Self.start + .seconds(4))
        #expect(machine.evictableSince == nil)  // uploading a body
    }

    @Test func isServingRequestFromHeadReadUntilTheResponseIsWritten() {
        var machine = Self.machine()
        #expect(!machine.isServingRequest)  // accepted, silent
        _ = Self.feed(&machine, "POST /b HTTP/1.1\r\nHo", at: Self.start)
        #expect(!machine.isServingRequest)  // still sending its head
        _ = Self.feed(&machine, "st: x\r\nContent-Length: 4\r\n\r\nab", at: Self.start)
        #expect(machine.isServingRequest)  // head read, body arriving
        let events = Self.feed(&machine, "cd", at: Self.start)
        #expect(machine.isServingRequest)  // dispatched, not answered
        _ = Self.complete(&machine, Self.sequences(events.events)[0], "ok")
        #expect(!machine.isServingRequest)  // answered: idle keep-alive
        _ = Self.feed(&machine, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n", at: Self.start)
        #expect(machine.isServingRequest)
        machine.closed()
        #expect(!machine.isServingRequest)
    }
}
