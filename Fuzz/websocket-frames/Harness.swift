// libFuzzer target: the WebSocket frame decoder and the connection state machine (RFC 6455 §5, §7), server side.
// The first input byte chooses a split point; the rest is the client's byte stream. Properties checked:
// - nothing crashes or traps, whatever the bytes (lengths up to 2^63, reserved bits, bad close bodies, bad UTF-8);
// - feeding the stream in two pieces gives exactly the actions and close status of feeding it at once;
// - every frame the decoder returns survives encode(masked) -> decode unchanged;
// - every `.write` the state machine asks for is exactly one well-formed, unmasked server frame (a pong with the
//   ping's payload, or a close whose body a client would accept); nothing follows `.closeTransport`;
// - delivered messages respect the message limit, and a close status is recorded once the transport closes.

let settings = WebSocketConnectionStateMachine.Settings(maxFrameBytes: 1_024, maxMessageBytes: 2_048)

/// The actions and final close status of a server state machine fed `pieces`.
func run(_ pieces: [ArraySlice<UInt8>]) -> (actions: [WebSocketConnectionStateMachine.Action], status: WebSocketConnectionStateMachine.CloseStatus?) {
    let now = ContinuousClock.now
    var machine = WebSocketConnectionStateMachine(settings: settings, now: now)
    var actions: [WebSocketConnectionStateMachine.Action] = []
    for piece in pieces { actions += machine.received(piece, now: now) }
    return (actions, machine.closeStatus)
}

/// Checks that `bytes` is exactly one valid server-to-client frame.
func checkServerFrame(_ bytes: [UInt8]) {
    var decoder = WebSocketFrameDecoder(role: .client, maxFrameBytes: 1 << 20)
    decoder.append(bytes)
    let frame: WebSocketFrame?
    do {
        frame = try decoder.next()
    } catch {
        preconditionFailure("the server wrote a frame a client refuses: \(error)")
    }
    guard let frame else { preconditionFailure("the server wrote a torn frame") }
    precondition(decoder.bufferedBytes == 0, "the server wrote more than one frame in one write")
    switch frame.opcode {
    case .pong: precondition(frame.payload.count <= 125, "pong too long")
    case .close:
        do {
            _ = try WebSocketConnectionStateMachine.parseClosePayload(frame.payload)
        } catch {
            preconditionFailure("the server sent a close body a client refuses: \(error)")
        }
    default: preconditionFailure("the server wrote an unexpected \(frame.opcode) frame")
    }
}

/// Every frame the server-side decoder accepts re-encodes (masked) to bytes that decode to the same frame.
func checkRoundTrip(_ bytes: ArraySlice<UInt8>) {
    var decoder = WebSocketFrameDecoder(role: .server, maxFrameBytes: settings.maxFrameBytes)
    decoder.append(bytes)
    while true {
        let frame: WebSocketFrame?
        do { frame = try decoder.next() } catch { return }
        guard let frame else { return }
        var again = WebSocketFrameDecoder(role: .server, maxFrameBytes: settings.maxFrameBytes)
        again.append(WebSocketFrameEncoder.encode(frame, maskingKey: [0x37, 0xFA, 0x21, 0x3D]))
        let decoded = try? again.next()
        precondition(decoded == frame, "frame changed across encode/decode")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafeRawPointer, _ size: Int) -> CInt {
    guard let input = SplitFuzzInput(data, size) else { return 0 }
    let whole = run([input.bytes])
    let halves = run(input.halves)
    precondition(whole.actions == halves.actions, "split at \(input.split) changed the actions")
    precondition(whole.status == halves.status, "split at \(input.split) changed the close status")
    var closed = false
    for action in whole.actions {
        precondition(!closed, "an action followed closeTransport")
        switch action {
        case .write(let frame): checkServerFrame(frame)
        case .deliverText(let text): precondition(text.utf8.count <= settings.maxMessageBytes, "text over the limit")
        case .deliverBinary(let message): precondition(message.count <= settings.maxMessageBytes, "binary over the limit")
        case .closeTransport: closed = true
        }
    }
    if closed { precondition(whole.status != nil, "transport closed without a close status") }
    checkRoundTrip(input.bytes)
    return 0
}
