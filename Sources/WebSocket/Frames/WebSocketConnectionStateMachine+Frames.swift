/// Handling of each decoded frame: control frames, fragmentation and message reassembly (RFC 6455 §5.4-§5.6).
extension WebSocketConnectionStateMachine {
    mutating func handle(_ frame: WebSocketFrame, now: ContinuousClock.Instant, into actions: inout [Action]) {
        switch frame.opcode {
        case .ping:
            if isOpen { actions.append(.write(WebSocketFrameEncoder.encode(opcode: .pong, payload: frame.payload))) }
        case .pong:
            break  // a heartbeat answer (or unsolicited): receiving it already reset the idle timer
        case .close:
            handleClose(frame.payload, into: &actions)
        case .text, .binary, .continuation:
            guard isOpen else { return }  // after our close frame, data is discarded (§5.5.1)
            do {
                try handleData(frame, into: &actions)
            } catch {
                fail(error, into: &actions)
            }
        }
    }

    /// A close frame: validate its body, echo the code if we have not sent a close yet, then close TCP (§5.5.1).
    private mutating func handleClose(_ payload: [UInt8], into actions: inout [Action]) {
        let received: (code: WebSocketCloseCode, reason: String)
        do {
            received = try Self.parseClosePayload(payload)
        } catch {
            fail(error, into: &actions)
            return
        }
        if isOpen {
            closeStatus = CloseStatus(code: received.code, reason: received.reason, initiatedByPeer: true)
            let echo = received.code == .noStatusReceived ? [] : WebSocketFrameEncoder.closePayload(code: received.code, reason: "")
            actions.append(.write(WebSocketFrameEncoder.encode(opcode: .close, payload: echo)))
        }
        lifecycle = .closed
        actions.append(.closeTransport)
    }

    /// The code and reason of a close body; 1005 for an empty body.
    static func parseClosePayload(_ payload: [UInt8]) throws(WebSocketProtocolError) -> (code: WebSocketCloseCode, reason: String) {
        if payload.isEmpty { return (.noStatusReceived, "") }
        guard payload.count >= 2 else { throw .truncatedCloseCode }
        let code = WebSocketCloseCode(rawValue: UInt16(payload[0]) << 8 | UInt16(payload[1]))
        guard code.isValidReceived else { throw .invalidCloseCode(code.rawValue) }
        let reasonBytes = payload[2...]
        guard WebSocketUTF8Validator.isValid(reasonBytes) else { throw .invalidCloseReason }
        return (code, String(decoding: reasonBytes, as: UTF8.self))
    }

    /// A text, binary or continuation frame: fragmentation rules, size limit, incremental UTF-8, delivery.
    private mutating func handleData(_ frame: WebSocketFrame, into actions: inout [Action]) throws(WebSocketProtocolError) {
        let opcode: WebSocketOpcode
        if frame.opcode == .continuation {
            guard let current = messageOpcode else { throw .unexpectedContinuation }
            opcode = current
        } else {
            guard messageOpcode == nil else { throw .expectedContinuation(opcode: frame.opcode) }
            opcode = frame.opcode
            validator = WebSocketUTF8Validator()
        }
        let offset = messageBuffer.count
        let total = offset + frame.payload.count
        guard total <= settings.maxMessageBytes else {
            throw .messageTooLarge(limitBytes: settings.maxMessageBytes, lengthBytes: total)
        }
        if opcode == .text {
            guard validator.validate(frame.payload) else { throw .invalidUTF8(offsetBytes: offset) }
            if frame.isFinal && !validator.isAtBoundary { throw .invalidUTF8(offsetBytes: total) }
        }
        guard frame.isFinal else {
            messageOpcode = opcode
            messageBuffer.append(contentsOf: frame.payload)
            return
        }
        let message: [UInt8]
        if messageOpcode == nil {
            message = frame.payload
        } else {
            messageBuffer.append(contentsOf: frame.payload)
            message = messageBuffer
            messageBuffer = []
            messageOpcode = nil
        }
        actions.append(opcode == .text ? .deliverText(String(decoding: message, as: UTF8.self)) : .deliverBinary(message))
    }
}
