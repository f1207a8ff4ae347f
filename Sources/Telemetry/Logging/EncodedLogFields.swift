import Codecs

/// The fields of one log line written straight into the line's JSON bytes, for a line logged on every request.
///
/// Why: the access log's line cost about 13,000 instructions a request through `LogRecord` (an array of key/value
/// pairs, each key checked against the reserved ones and the earlier keys, then escaped). Here the keys are checked
/// and encoded once (`EncodedLogKey`) and each value is appended as `JSONLineEncoder` writes it, so the line's bytes
/// are the ones the record would give. Made and used by `Logger.log(_:_:encodingFields:fields:)` on the logging thread.
public struct EncodedLogFields {
    /// The line so far.
    var bytes: [UInt8]

    init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends the string field `key`.
    public mutating func append(_ key: EncodedLogKey, _ value: String) {
        bytes.append(contentsOf: key.bytes)
        JSONLineEncoder.appendString(value, to: &bytes)
    }

    /// Appends the integer field `key`.
    public mutating func append(_ key: EncodedLogKey, _ value: Int64) {
        bytes.append(contentsOf: key.bytes)
        JSONWriter.writeInteger(value, into: &bytes)
    }

    /// Appends the number field `key` (`null` when not finite, as `LogValue.double` is written).
    public mutating func append(_ key: EncodedLogKey, _ value: Double) {
        bytes.append(contentsOf: key.bytes)
        JSONWriter.writeDouble(value, into: &bytes)
    }
}

/// A log field's key, checked and encoded once (`,"key":`), for `EncodedLogFields`.
///
/// Keys are program constants: one of the four a line starts with (`time`, `level`, `label`, `message`) is a
/// programming error. The fields of one line must have distinct keys (the caller's promise: a record's repeated key
/// would be written once). A plain value; make it once (a `static let`) and use it from any thread.
public struct EncodedLogKey: Sendable {
    let bytes: [UInt8]

    public init(_ key: String) {
        precondition(!JSONLineEncoder.isReserved(key), "log field key \(key) is reserved")
        var bytes: [UInt8] = [UInt8(ascii: ",")]
        JSONLineEncoder.appendString(key, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        self.bytes = bytes
    }
}
