import Codecs
/// A W3C Trace Context position (https://www.w3.org/TR/trace-context/): the trace a request belongs to and this
/// server's span in it, so one trace id follows a player's action through logs, stored rows and jobs.
///
/// A plain value. The server parses the incoming `traceparent` header (version `00` and any later version, per the
/// spec's forward-compatibility rule), or starts a new trace when it is absent or malformed; either way the request
/// gets a fresh span id whose parent is the caller's.
public struct TraceContext: Sendable, Equatable {
    /// 32 lowercase hex characters, never all zeros.
    public let traceID: String
    /// This hop's span: 16 lowercase hex characters, never all zeros.
    public let spanID: String
    /// The caller's span id, when the request carried a valid `traceparent`.
    public let parentSpanID: String?
    /// The `sampled` flag (bit 0 of trace-flags), passed on unchanged.
    public let isSampled: Bool

    public init(traceID: String, spanID: String, parentSpanID: String?, isSampled: Bool) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.isSampled = isSampled
    }

    /// The `traceparent` value naming this span (to pass on to a downstream call).
    public var traceparent: String {
        "00-\(traceID)-\(spanID)-\(isSampled ? "01" : "00")"
    }

    /// The caller's trace with a new span `spanID`, or nil when `header` is not a valid `traceparent`.
    public init?(traceparent header: String, spanID: String) {
        let bytes = Array(header.utf8)
        // version "-" trace-id "-" parent-id "-" flags: 2+1+32+1+16+1+2 = 55 bytes; later versions may append "-...".
        guard bytes.count >= 55, bytes[2] == 0x2D, bytes[35] == 0x2D, bytes[52] == 0x2D else { return nil }
        let version = bytes[0..<2], traceID = bytes[3..<35], parentID = bytes[36..<52], flags = bytes[53..<55]
        guard Self.isLowerHex(version), Self.isLowerHex(traceID), Self.isLowerHex(parentID), Self.isLowerHex(flags),
              version.elementsEqual("ff".utf8) == false, !Self.isAllZero(traceID), !Self.isAllZero(parentID)
        else { return nil }
        if version.elementsEqual("00".utf8) ? bytes.count != 55 : (bytes.count > 55 && bytes[55] != 0x2D) {
            return nil
        }
        self.traceID = String(decoding: traceID, as: UTF8.self)
        self.spanID = spanID
        self.parentSpanID = String(decoding: parentID, as: UTF8.self)
        self.isSampled = ((Hex.value(ofDigit: flags[flags.startIndex + 1]) ?? 0) & 1) == 1
    }

    /// The trace of a request that arrived without HTTP (a WebSocket command): the caller's `traceparent` when it is
    /// valid, else a new trace, with a fresh span either way; ids from the system random generator.
    public static func continuing(_ traceparent: String?) -> TraceContext {
        let spanID = randomID(hexDigits: 16)
        if let traceparent, let trace = TraceContext(traceparent: traceparent, spanID: spanID) { return trace }
        return TraceContext(traceID: randomID(hexDigits: 32), spanID: spanID, parentSpanID: nil, isSampled: false)
    }

    /// `hexDigits` random lowercase hex characters, never all zeros.
    private static func randomID(hexDigits: Int) -> String {
        while true {
            let bytes = (0..<hexDigits).map { _ in Hex.digit(UInt8.random(in: 0..<16)) }
            if !isAllZero(bytes[...]) { return String(decoding: bytes, as: UTF8.self) }
        }
    }

    private static func isLowerHex(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    private static func isAllZero(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.allSatisfy { $0 == 0x30 }
    }

}
