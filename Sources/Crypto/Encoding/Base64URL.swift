/// Base64 with the URL- and filename-safe alphabet and no padding (RFC 4648 §5, as JWS/JWT use it: RFC 7515 §2).
///
/// For JWT segments and URL-safe tokens. Decoding rejects `=` padding, characters outside `A–Z a–z 0–9 - _`, lengths
/// of 1 mod 4 and non-canonical text (see `Base64Alphabet`). Stateless and thread-safe.
public enum Base64URL {
    /// `bytes` as unpadded Base64URL.
    public static func encode(_ bytes: some Collection<UInt8>) -> String {
        Base64Alphabet.url.encode(bytes)
    }

    /// The bytes of `text`, or nil if it is not canonical unpadded Base64URL.
    public static func decode(_ text: String) -> [UInt8]? {
        Base64Alphabet.url.decode(text)
    }
}
