import Codecs
/// Small JSON text helpers for the gateway's hand-built messages: string quoting (RFC 8259 §7) and splicing
/// already-encoded JSON.
///
/// Stateless; any thread.
enum RealtimeJSON {
    /// `value` as a JSON string literal, with quotes, backslashes and control characters escaped.
    static func quote(_ value: String) -> String {
        JSONWriter.quoted(value)
    }

    /// `json` as text, or `{}` when it is empty (already-encoded JSON is spliced in without re-encoding).
    static func object(_ json: [UInt8]) -> String {
        json.contains { !isSpace($0) } ? String(decoding: json, as: UTF8.self) : "{}"
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }
}
