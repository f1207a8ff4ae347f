import Net

/// Incremental HTTP/1.1 request parser (RFC 9112): feed bytes as they arrive, pull events with `next()`.
///
/// One per connection, owned by the connection's event loop; a pure value with no I/O. Any split of the byte stream
/// yields the same events. Pipelined requests parse one after another (leftover bytes stay buffered). Limits are
/// checked against what is buffered on every `next()`, so an over-long line is rejected as soon as the limit is
/// crossed, not when the line ends. After an error the parser is poisoned: `next()` keeps throwing it and new bytes
/// are dropped; the connection must answer `error.status` and close.
///
/// Line endings: CRLF, and (RFC 9112 §2.2 "MAY") a bare LF is accepted as a line terminator. A bare CR anywhere in
/// the head is rejected (400). Empty lines before a request line are skipped (§2.2 "SHOULD ignore at least one").
public struct HTTPRequestParser {
    /// Where the parser is in the current request.
    enum State {
        case requestLine
        case headers
        case fixedBody(length: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case failed(HTTPParseError)
    }

    /// The head of the request being parsed, kept between the request line and the end of the body.
    struct PendingRequest {
        var method: HTTPMethod
        var target: String
        var path: String
        var query: [String: String]
        var version: HTTPVersion
        var headers = HTTPHeaders()
        var keepAlive = true
    }

    /// Longest chunk-size line (size plus ignored extensions) accepted.
    static let maxChunkLineBytes = 4_096
    /// Above this many consumed bytes the buffer is compacted even if unread bytes remain.
    static let compactThresholdBytes = 16_384
    /// An emptied buffer with more capacity than this is released rather than kept.
    static let retainedCapacityBytes = 65_536

    let limits: HTTPParserLimits
    var state: State = .requestLine
    /// Received bytes; everything before `readIndex` is consumed.
    var buffer: [UInt8] = []
    var readIndex = 0
    /// Where the search for the next LF resumes (so byte-by-byte feeding stays linear).
    var scanIndex = 0
    /// Start of the current header line; header field ranges are relative to `readIndex` (the head start).
    var lineStart = 0
    var fields: [HTTPHeaders.Field] = []
    var pending: PendingRequest?
    var chunkedBody: [UInt8] = []
    var trailerBytes = 0
    var trailerCount = 0

    public init(limits: HTTPParserLimits) {
        self.limits = limits
    }

    /// Whether received bytes are waiting to be parsed (e.g. a pipelined request).
    public var hasBufferedBytes: Bool { readIndex < buffer.count }

    /// Whether part of a request has arrived but not all of it (drives header/body read timeouts).
    public var isMidRequest: Bool {
        switch state {
        case .requestLine: hasBufferedBytes
        case .failed: false
        default: true
        }
    }

    /// Removes and returns the received bytes not yet parsed, for a connection that switches protocols after a
    /// request (the frames a WebSocket client sends right behind its Upgrade request belong to the new protocol).
    /// The parser is left empty, ready for a fresh request.
    package mutating func takeBufferedBytes() -> [UInt8] {
        let remaining = Array(buffer[readIndex...])
        buffer = []
        readIndex = 0
        scanIndex = 0
        lineStart = 0
        return remaining
    }

    /// Buffers `bytes`; they are parsed by the next calls to `next()`. Dropped once the parser has failed.
    public mutating func append(_ bytes: some Collection<UInt8>) {
        if case .failed = state { return }
        compactIfWorthwhile()
        buffer.append(contentsOf: bytes)
    }

    /// The next parse event, or nil when more bytes are needed.
    /// - Throws: `HTTPParseError` for malformed or over-limit input; the same error again on every later call.
    public mutating func next() throws(HTTPParseError) -> HTTPParserEvent? {
        do {
            return try step()
        } catch {
            state = .failed(error)
            buffer = []
            readIndex = 0
            scanIndex = 0
            throw error
        }
    }

    /// Result of one parsing step.
    enum Progress {
        case needMoreBytes
        case advanced
        case event(HTTPParserEvent)
    }

    /// Advances through states until an event is ready or bytes run out.
    private mutating func step() throws(HTTPParseError) -> HTTPParserEvent? {
        while true {
            let progress: Progress
            switch state {
            case .failed(let error): throw error
            case .requestLine: progress = try parseRequestLine()
            case .headers: progress = try parseHeaderLine()
            case .fixedBody(let length): progress = readFixedBody(length: length)
            case .chunkSize: progress = try parseChunkSize()
            case .chunkData(let remaining): progress = readChunkData(remaining: remaining)
            case .chunkDataEnd: progress = try parseChunkDataEnd()
            case .trailers: progress = try parseTrailerLine()
            }
            switch progress {
            case .needMoreBytes: return nil
            case .advanced: continue
            case .event(let event): return event
            }
        }
    }

    /// Emits the pending request with `body` and gets ready for the next one.
    mutating func completeRequest(body: [UInt8]) -> Progress {
        state = .requestLine
        // Taken, not copied: the head's strings and tables move into the request.
        guard let head = pending.take() else { return .advanced }
        return .event(.request(HTTPRequest(
            method: head.method, target: head.target, path: head.path, query: head.query, version: head.version,
            headers: head.headers, body: body, keepAlive: head.keepAlive
        )))
    }

    /// Finds the next line starting at `start`: its content (without CR LF) and the index after its LF.
    /// Returns nil when no LF has arrived yet.
    mutating func findLine(from start: Int) -> (content: Range<Int>, next: Int)? {
        let from = max(scanIndex, start)
        // memchr: the Swift loop cost about five instructions a byte of every request head.
        guard let lineFeed = SystemBytes.firstIndex(of: 0x0A, in: buffer, from..<buffer.count) else {
            scanIndex = buffer.count
            return nil
        }
        scanIndex = lineFeed + 1
        let end = lineFeed > start && buffer[lineFeed - 1] == 0x0D ? lineFeed - 1 : lineFeed
        return (start..<end, lineFeed + 1)
    }

    /// Drops consumed bytes when that is cheap relative to what remains, keeping indices consistent.
    private mutating func compactIfWorthwhile() {
        guard readIndex > 0 else { return }
        if readIndex == buffer.count {
            if buffer.capacity > Self.retainedCapacityBytes {
                buffer = []
            } else {
                buffer.removeAll(keepingCapacity: true)
            }
        } else if readIndex >= Self.compactThresholdBytes, readIndex * 2 >= buffer.count {
            buffer.removeSubrange(0..<readIndex)
        } else {
            return
        }
        scanIndex = max(0, scanIndex - readIndex)
        lineStart = max(0, lineStart - readIndex)
        readIndex = 0
    }
}
