/// Standard Base64 with padding (RFC 4648 §4), strict on decode.
///
/// For PEM bodies, HTTP Basic credentials and signature headers (OCI). Decoding rejects whitespace, bad padding and
/// non-canonical text (see `Base64Alphabet`). Stateless and thread-safe.
public enum Base64 {
    /// `bytes` as padded standard Base64.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Base64Alphabet.standard.encode(bytes)
    }

    /// The bytes of `text`, or nil if it is not canonical padded standard Base64.
    public static func decode(_ text: String) -> [UInt8]? {
        Base64Alphabet.standard.decode(text)
    }
}
