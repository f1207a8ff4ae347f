/// The byte writer under every JSON text the server produces: string literals, integers and doubles appended to a
/// UTF-8 buffer (RFC 8259).
///
/// It exists so that REST bodies, the OpenAPI document, realtime messages and log lines escape and format values the
/// same way. Stateless; any thread.
public enum JSONWriter {
    /// How control characters other than `\n`, `\r` and `\t` are escaped; every other byte is written the same way.
    public enum ControlEscapes: Sendable {
        /// Only `\n`, `\r` and `\t` get a short escape; every other C0 control is `\u00XX` (API bodies, realtime).
        case minimal
        /// `\b` and `\f` get their short escapes as well (log lines).
        case short
    }

    /// Appends `value` as a quoted JSON string literal: quote, backslash and every C0 control escaped, everything else
    /// (including `/` and non-ASCII UTF-8) copied. The common case, nothing to escape, is one bulk copy.
    public static func writeString(_ value: String, into output: inout [UInt8], controls: ControlEscapes = .minimal) {
        output.append(UInt8(ascii: "\""))
        // Scanning the string's own UTF-8 bytes costs a few instructions a byte; the generic `UTF8View` iteration
        // cost about 700 per string of a request's log line. `withUTF8` reaches small (inline) strings too.
        var text = value
        let isCopied = text.withUTF8 { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return false
            }
            output.append(contentsOf: bytes)
            return true
        }
        if isCopied {
            output.append(UInt8(ascii: "\""))
            return
        }
        let utf8 = text.utf8
        for byte in utf8 {
            switch byte {
            case UInt8(ascii: "\""): output += [UInt8(ascii: "\\"), UInt8(ascii: "\"")]
            case UInt8(ascii: "\\"): output += [UInt8(ascii: "\\"), UInt8(ascii: "\\")]
            case 0x0A: output += [UInt8(ascii: "\\"), UInt8(ascii: "n")]
            case 0x0D: output += [UInt8(ascii: "\\"), UInt8(ascii: "r")]
            case 0x09: output += [UInt8(ascii: "\\"), UInt8(ascii: "t")]
            case 0x08 where controls == .short: output += [UInt8(ascii: "\\"), UInt8(ascii: "b")]
            case 0x0C where controls == .short: output += [UInt8(ascii: "\\"), UInt8(ascii: "f")]
            case 0..<0x20:
                output.appendUTF8("\\u00")
                Hex.append(byte, to: &output)
            default: output.append(byte)
            }
        }
        output.append(UInt8(ascii: "\""))
    }

    /// `value` as a quoted JSON string literal (see `writeString(_:into:controls:)`).
    public static func quoted(_ value: String, controls: ControlEscapes = .minimal) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(value.utf8.count + 2)
        writeString(value, into: &output, controls: controls)
        return String(decoding: output, as: UTF8.self)
    }

    /// Appends the decimal digits of `value` (what `String(value)` gives, without the String). The digits are
    /// counted first, then written from the last one back into the room made for them, so each digit costs a
    /// division by the constant 10 (a multiplication) and one in-place store.
    public static func writeInteger(_ value: Int64, into output: inout [UInt8]) {
        if value >= 0, value < 10 {
            output.append(UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value))
            return
        }
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digitCount = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digitCount += 1
        }
        for _ in 0..<digitCount { output.append(UInt8(ascii: "0")) }
        var index = output.count
        repeat {
            index -= 1
            output[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
            magnitude /= 10
        } while magnitude > 0
    }

    /// The bytes of `true`, `false` and `null`, made once (appending a `[UInt8]` is one bounded copy).
    public static let trueBytes: [UInt8] = Array("true".utf8)
    public static let falseBytes: [UInt8] = Array("false".utf8)
    public static let nullBytes: [UInt8] = Array("null".utf8)

    /// Appends `value` in Swift's shortest round-trip form (`1.5`, `1e-07`), or `null` when it is not finite (JSON
    /// has no NaN or infinity).
    public static func writeDouble(_ value: Double, into output: inout [UInt8]) {
        output.appendUTF8(value.isFinite ? value.description : "null")
    }
}
