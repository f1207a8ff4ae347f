import Codecs
import Foundation

/// Turns an `HTTPResponse` into the exact bytes written on the wire (RFC 9112 §4, §6).
///
/// Stateless; called on the connection's event loop. Framing is the serializer's job: it writes `content-length`
/// from the body (replacing any the handler set), omits body and length for 1xx/204/304, omits the body but keeps the
/// length for HEAD, adds `date` unless present and `connection: close` when the connection will close.
/// CR, LF and NUL in header names or values are replaced by spaces so a handler cannot split the response.
public enum HTTPResponseSerializer {
    /// Serializes `response`.
    /// - Parameters:
    ///   - keepAlive: false writes `connection: close` (replacing any Connection header the handler set).
    ///   - isHeadRequest: true writes the headers a GET would get, without the body.
    ///   - date: the IMF-fixdate for the `date` header (the server caches it per second).
    public static func serialize(_ response: HTTPResponse, keepAlive: Bool, isHeadRequest: Bool, date: String) -> [UInt8] {
        var bytes = serializeHead(response, keepAlive: keepAlive, isHeadRequest: isHeadRequest, date: date,
                                  extraCapacity: response.body.count)
        if sendsBody(response, isHeadRequest: isHeadRequest) { bytes.append(contentsOf: response.body) }
        return bytes
    }

    /// Whether the bytes on the wire include `response.body` after the head.
    public static func sendsBody(_ response: HTTPResponse, isHeadRequest: Bool) -> Bool {
        !isHeadRequest && !response.status.forbidsBody && !response.body.isEmpty
    }

    /// The status line and header fields up to and including the empty line, exactly as `serialize` starts; the
    /// server writes the body after it as a separate chunk of the same gathered write, so a large body is never
    /// copied (`sendsBody` tells whether to).
    public static func serializeHead(_ response: HTTPResponse, keepAlive: Bool, isHeadRequest: Bool, date: String,
                                     extraCapacity: Int = 0) -> [UInt8] {
        let status = response.status
        var bytes: [UInt8] = []
        bytes.reserveCapacity(128 + response.headers.storage.count + response.headers.count * 4 + extraCapacity)
        bytes.appendUTF8("HTTP/1.1 ")
        appendStatusCode(status.code, to: &bytes)
        bytes.append(0x20)
        appendSanitized(status.reasonPhrase, to: &bytes)
        bytes.appendUTF8("\r\n")
        var hasDate = false
        let headers = response.headers
        for field in headers.fields {
            switch field.known {
            case .contentLength, .transferEncoding: continue
            case .connection where !keepAlive: continue
            case .date: hasDate = true
            default: break
            }
            appendSanitized(headers.storage[field.nameStart..<field.nameEnd], to: &bytes)
            bytes.appendUTF8(": ")
            appendSanitized(headers.storage[field.valueStart..<field.valueEnd], to: &bytes)
            bytes.appendUTF8("\r\n")
        }
        if !status.forbidsBody {
            bytes.appendUTF8("content-length: ")
            JSONWriter.writeInteger(Int64(response.body.count), into: &bytes)
            bytes.appendUTF8("\r\n")
        }
        if !hasDate {
            bytes.appendUTF8("date: ")
            bytes.appendUTF8(date)
            bytes.appendUTF8("\r\n")
        }
        if !keepAlive { bytes.appendUTF8("connection: close\r\n") }
        bytes.appendUTF8("\r\n")
        return bytes
    }

    /// `date` as an IMF-fixdate (RFC 9110 §5.6.7), e.g. `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func httpDate(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let civil = civilDate(daysSinceEpoch: days)
        let weekday = ((days % 7) + 11) % 7  // 1970-01-01 was a Thursday (index 4).
        return "\(weekdayNames[weekday]), \(twoDigits(civil.day)) \(monthNames[civil.month - 1]) \(civil.year) "
            + "\(twoDigits(secondOfDay / 3_600)):\(twoDigits(secondOfDay / 60 % 60)):\(twoDigits(secondOfDay % 60)) GMT"
    }

    private static let weekdayNames = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func twoDigits(_ value: Int) -> String {
        value < 10 ? "0\(value)" : "\(value)"
    }

    /// Proleptic Gregorian date from days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    private static func civilDate(daysSinceEpoch: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func appendStatusCode(_ code: Int, to bytes: inout [UInt8]) {
        let clamped = min(max(code, 100), 999)
        bytes.append(UInt8(ascii: "0") + UInt8(clamped / 100))
        bytes.append(UInt8(ascii: "0") + UInt8(clamped / 10 % 10))
        bytes.append(UInt8(ascii: "0") + UInt8(clamped % 10))
    }

    /// The reason phrase, through its own UTF-8 bytes (walking the `UTF8View` and appending byte by byte cost about
    /// 480 instructions a response).
    private static func appendSanitized(_ text: String, to bytes: inout [UInt8]) {
        var text = text
        text.withUTF8 { appendSanitized($0, to: &bytes) }
    }

    /// Header names and values.
    private static func appendSanitized(_ source: ArraySlice<UInt8>, to bytes: inout [UInt8]) {
        source.withUnsafeBufferPointer { appendSanitized($0, to: &bytes) }
    }

    /// Copies `source` in one go unless it holds a byte that could end or split the head (CR, LF, NUL), which becomes a
    /// space (the head's text almost never holds one).
    private static func appendSanitized(_ source: UnsafeBufferPointer<UInt8>, to bytes: inout [UInt8]) {
        if source.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x00 }) {
            for byte in source { bytes.append(byte == 0x0D || byte == 0x0A || byte == 0x00 ? 0x20 : byte) }
        } else {
            bytes.append(contentsOf: source)
        }
    }
}
