import Testing
@testable import WebSocket

/// Builds masked client frames for the state machine, and reads back what it wrote.
enum ClientFrames {
    static let key: [UInt8] = [0x12, 0x34, 0x56, 0x78]

    static func frame(_ opcode: WebSocketOpcode, _ payload: [UInt8], isFinal: Bool = true) -> [UInt8] {
        WebSocketFrameEncoder.encode(opcode: opcode, payload: payload, isFinal: isFinal, maskingKey: key)
    }

    static func text(_ text: String, isFinal: Bool = true) -> [UInt8] { frame(.text, Array(text.utf8), isFinal: isFinal) }

    static func close(_ code: UInt16, _ reason: String = "") -> [UInt8] {
        frame(.close, [UInt8(code >> 8), UInt8(code & 0xFF)] + Array(reason.utf8))
    }

    /// The frames in `actions`' writes, decoded as a client would.
    static func written(_ actions: [WebSocketConnectionStateMachine.Action]) -> [WebSocketFrame] {
        var decoder = WebSocketFrameDecoder(role: .client, maxFrameBytes: 1 << 24)
        for case .write(let bytes) in actions { decoder.append(bytes) }
        var frames: [WebSocketFrame] = []
        while let frame = try? decoder.next() { frames.append(frame) }
        return frames
    }

    /// The close code of the close frame in `actions`, if any.
    static func closeCode(_ actions: [WebSocketConnectionStateMachine.Action]) -> UInt16? {
        guard let close = written(actions).first(where: { $0.opcode == .close }) else { return nil }
        guard close.payload.count >= 2 else { return 1005 }
        return UInt16(close.payload[0]) << 8 | UInt16(close.payload[1])
    }
}

@Suite struct WebSocketConnectionStateMachineTests {
    let start = ContinuousClock.now
    let settings = WebSocketConnectionStateMachine.Settings(maxFrameBytes: 1_000, maxMessageBytes: 2_000,
                                                            pingInterval: .seconds(30), pongTimeout: .seconds(10),
                                                            closeTimeout: .seconds(5))

    func machine() -> WebSocketConnectionStateMachine { .init(settings: settings, now: start) }

    @Test func deliversTextAndBinary() {
        var machine = machine()
        let actions = machine.received(ClientFrames.text("hi") + ClientFrames.frame(.binary, [1, 2, 3]), now: start)
        #expect(actions == [.deliverText("hi"), .deliverBinary([1, 2, 3])])
    }

    @Test func reassemblesFragmentsWithInterleavedControlFrames() {
        var machine = machine()
        let bytes = ClientFrames.text("Hel", isFinal: false) + ClientFrames.frame(.ping, [9])
            + ClientFrames.frame(.continuation, Array("l".utf8), isFinal: false) + ClientFrames.frame(.pong, [])
            + ClientFrames.frame(.continuation, Array("o".utf8))
        let actions = machine.received(bytes, now: start)
        #expect(ClientFrames.written(actions) == [WebSocketFrame(opcode: .pong, payload: [9])])
        #expect(actions.last == .deliverText("Hello"))
    }

    @Test func codePointSplitAcrossFragmentsIsValid() {
        var machine = machine()
        let globe = Array("🌍".utf8)
        let actions = machine.received(ClientFrames.frame(.text, Array(globe[..<2]), isFinal: false)
            + ClientFrames.frame(.continuation, Array(globe[2...])), now: start)
        #expect(actions == [.deliverText("🌍")])
    }

    @Test func pingIsAnsweredWithTheSamePayload() {
        var machine = machine()
        let actions = machine.received(ClientFrames.frame(.ping, Array("Hello".utf8)), now: start)
        #expect(ClientFrames.written(actions) == [WebSocketFrame(opcode: .pong, payload: Array("Hello".utf8))])
    }

    /// Peer behaviour that must fail the connection, and the close code sent.
    static let failures: [(name: String, bytes: [UInt8], code: UInt16)] = [
        ("unmasked frame", WebSocketFrameEncoder.encode(opcode: .text, payload: Array("x".utf8)), 1002),
        ("reserved opcode", [0x83, 0x80, 0, 0, 0, 0], 1002),
        ("RSV1 without extension", [0xC1, 0x80, 0, 0, 0, 0], 1002),
        ("continuation without message", ClientFrames.frame(.continuation, [0x41]), 1002),
        ("new message inside fragmented one", ClientFrames.text("a", isFinal: false) + ClientFrames.text("b"), 1002),
        ("control frame over 125 bytes", ClientFrames.frame(.ping, [UInt8](repeating: 0, count: 126)), 1002),
        ("fragmented ping", ClientFrames.frame(.ping, [], isFinal: false), 1002),
        ("invalid UTF-8", ClientFrames.frame(.text, [0xCE, 0xBA, 0xED, 0xA0, 0x80]), 1007),
        ("UTF-8 cut at message end", ClientFrames.frame(.text, [0xF0, 0x9F]), 1007),
        ("invalid UTF-8 in a later fragment", ClientFrames.text("ok", isFinal: false)
            + ClientFrames.frame(.continuation, [0xC0, 0x80]), 1007),
        ("frame over the limit", ClientFrames.frame(.binary, [UInt8](repeating: 0, count: 1_001)), 1009),
        ("message over the limit", ClientFrames.frame(.binary, [UInt8](repeating: 0, count: 1_000), isFinal: false)
            + ClientFrames.frame(.continuation, [UInt8](repeating: 0, count: 1_000), isFinal: false)
            + ClientFrames.frame(.continuation, [0]), 1009),
        ("close with 1-byte payload", ClientFrames.frame(.close, [0x03]), 1002),
        ("close code 999", ClientFrames.close(999), 1002),
        ("close code 1004", ClientFrames.close(1004), 1002),
        ("close code 1005", ClientFrames.close(1005), 1002),
        ("close code 1006", ClientFrames.close(1006), 1002),
        ("close code 1015", ClientFrames.close(1015), 1002),
        ("close code 2999", ClientFrames.close(2999), 1002),
        ("close code 5000", ClientFrames.close(5000), 1002),
        ("close reason not UTF-8", ClientFrames.frame(.close, [0x03, 0xE8, 0xFF]), 1002),
    ]

    @Test(arguments: failures.indices)
    func protocolErrorClosesWithItsCode(index: Int) {
        let failure = Self.failures[index]
        var machine = machine()
        let actions = machine.received(failure.bytes, now: start)
        #expect(ClientFrames.closeCode(actions) == failure.code, "\(failure.name)")
        #expect(actions.last == .closeTransport, "\(failure.name)")
        #expect(machine.lifecycle == .closed)
        #expect(machine.closeStatus?.code.rawValue == failure.code)
        #expect(machine.received(ClientFrames.text("more"), now: start).isEmpty, "input after failure is ignored")
    }

    @Test(arguments: [1000, 1001, 1003, 1007, 1011, 1012, 1014, 3000, 3999, 4000, 4999] as [UInt16])
    func peerCloseIsEchoedThenTransportCloses(code: UInt16) {
        var machine = machine()
        let actions = machine.received(ClientFrames.close(code, "bye"), now: start)
        #expect(ClientFrames.closeCode(actions) == code)
        #expect(actions.last == .closeTransport)
        #expect(machine.closeStatus == .init(code: .init(rawValue: code), reason: "bye", initiatedByPeer: true))
        #expect(machine.encodeMessage(opcode: .text, payload: [0x41]) == nil)
    }

    @Test func emptyPeerCloseIsAnsweredWithAnEmptyClose() {
        var machine = machine()
        let actions = machine.received(ClientFrames.frame(.close, []), now: start)
        #expect(ClientFrames.written(actions) == [WebSocketFrame(opcode: .close, payload: [])])
        #expect(machine.closeStatus?.code == .noStatusReceived)
    }

    @Test func serverInitiatedCloseWaitsForThePeersClose() {
        var machine = machine()
        let closing = machine.close(code: .goingAway, reason: "server shutting down", now: start)
        #expect(ClientFrames.closeCode(closing) == 1001)
        #expect(machine.lifecycle == .closeSent(deadline: start + .seconds(5)))
        #expect(machine.close(code: .normalClosure, reason: "", now: start).isEmpty, "only one close frame")
        // Data after our close is discarded; pings are not answered.
        #expect(machine.received(ClientFrames.text("late") + ClientFrames.frame(.ping, []), now: start).isEmpty)
        #expect(machine.received(ClientFrames.close(1001), now: start) == [.closeTransport])
        #expect(machine.closeStatus?.code == .goingAway)
    }

    @Test func closeHandshakeTimesOut() {
        var machine = machine()
        _ = machine.close(code: .normalClosure, reason: "", now: start)
        #expect(machine.timerFired(now: start + .seconds(4)).isEmpty)
        #expect(machine.timerFired(now: start + .seconds(5)) == [.closeTransport])
        #expect(machine.nextDeadline == nil)
    }

    @Test func idlePeerIsPingedThenDropped() {
        var machine = machine()
        #expect(machine.nextDeadline == start + .seconds(30))
        #expect(machine.timerFired(now: start + .seconds(29)).isEmpty)
        let ping = machine.timerFired(now: start + .seconds(30))
        #expect(ClientFrames.written(ping).map(\.opcode) == [.ping])
        #expect(machine.nextDeadline == start + .seconds(40))
        #expect(machine.timerFired(now: start + .seconds(39)).isEmpty)
        #expect(machine.timerFired(now: start + .seconds(40)) == [.closeTransport])
        #expect(machine.closeStatus?.code == .abnormalClosure)
    }

    @Test func anyFrameFromThePeerKeepsTheConnectionAlive() {
        var machine = machine()
        _ = machine.timerFired(now: start + .seconds(30))
        _ = machine.received(ClientFrames.frame(.pong, []), now: start + .seconds(35))
        #expect(machine.nextDeadline == start + .seconds(65))
        #expect(machine.timerFired(now: start + .seconds(45)).isEmpty)
        #expect(machine.isOpen)
    }

    @Test func endOfFileWithoutCloseIsAbnormal() {
        var machine = machine()
        #expect(machine.peerClosedInput() == [.closeTransport])
        #expect(machine.closeStatus?.code == .abnormalClosure)
        #expect(machine.peerClosedInput().isEmpty)
    }

    @Test func actionsCanBeTakenFrameByFrame() {
        var machine = machine()
        machine.bufferReceived(ClientFrames.text("one") + [0x83, 0x80, 0, 0, 0, 0])
        #expect(machine.nextFrameActions(now: start) == [.deliverText("one")])
        #expect(machine.isOpen, "the bad frame is not looked at before the first message's actions ran")
        let failure = machine.nextFrameActions(now: start) ?? []
        #expect(ClientFrames.closeCode(failure) == 1002)
        #expect(machine.nextFrameActions(now: start) == nil)
    }
}
