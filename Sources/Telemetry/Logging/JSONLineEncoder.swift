import Codecs
import Foundation

/// Renders a `LogRecord` as one JSON object followed by `\n` (RFC 8259), as UTF-8 bytes.
///
/// Keys in order: `time` (RFC 3339 UTC with milliseconds), `level`, `label`, `message`, then the fields. A field whose key
/// is one of those four or repeats an earlier field is skipped, so every line has unique keys. Strings are escaped per
/// RFC 8259 §7 (quote, backslash, all C0 controls); other characters pass through as UTF-8. Non-finite doubles become
/// `null`. Stateless; any thread may call it.
enum JSONLineEncoder {
    private static let reservedKeys = ["time", "level", "label", "message"]

    /// Whether a field named `key` is dropped because the line's head already has it.
    static func isReserved(_ key: String) -> Bool {
        reservedKeys.contains(key)
    }

    /// The complete line for `record`, newline included.
    static func encode(_ record: LogRecord) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(128 + record.message.utf8.count + record.fields.count * 24)
        appendHead(time: record.time, level: record.level, label: record.label, message: record.message, to: &output)
        // A line has a handful of fields: comparing each key with the earlier ones and the four reserved keys is
        // cheaper than hashing every key into a `Set` per line (the access log writes one line per request).
        let fields = record.fields
        for index in fields.indices {
            let (key, value) = fields[index]
            if reservedKeys.contains(key) || fields[..<index].contains(where: { $0.0 == key }) { continue }
            output.append(UInt8(ascii: ","))
            appendString(key, to: &output)
            output.append(UInt8(ascii: ":"))
            appendValue(value, to: &output)
        }
        appendTail(to: &output)
        return output
    }

    /// The line up to its first field: `{"time":...,"level":...,"label":...,"message":...` (no closing brace).
    static func appendHead(time: Date, level: LogLevel, label: String, message: String, to output: inout [UInt8]) {
        output.appendUTF8(#"{"time":""#)
        RFC3339Timestamp.write(time, into: &output)
        output.appendUTF8(#"","level":""#)
        output.appendUTF8(level.rawValue)
        output.appendUTF8(#"","label":"#)
        appendString(label, to: &output)
        output.appendUTF8(#","message":"#)
        appendString(message, to: &output)
    }

    /// The end of every line.
    static func appendTail(to output: inout [UInt8]) {
        output.appendUTF8("}\n")
    }

    static func appendValue(_ value: LogValue, to output: inout [UInt8]) {
        switch value {
        case .string(let string):
            appendString(string, to: &output)
        case .int(let integer):
            JSONWriter.writeInteger(integer, into: &output)
        case .double(let double):
            JSONWriter.writeDouble(double, into: &output)
        case .bool(let bool):
            output.appendUTF8(bool ? "true" : "false")
        }
    }

    /// Appends `string` as a quoted, escaped JSON string (`\b` and `\f` get their short escapes in log lines).
    static func appendString(_ string: String, to output: inout [UInt8]) {
        JSONWriter.writeString(string, into: &output, controls: .short)
    }
}
