import Foundation

/// The project's one JSON configuration: sorted keys and unescaped slashes when encoding (stable bytes for tests,
/// caches and signatures), strict decoding that reports where a body went wrong.
///
/// Stateless; the shared coders are configured once and never mutated, so any thread may use them.
public enum JSONCoding {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static let decoder = JSONDecoder()

    /// Encodes `value` as compact JSON bytes with sorted keys.
    /// - Throws: `EncodingError` when a value cannot be represented (e.g. a non-finite Double).
    public static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try encoder.encode(value))
    }

    /// Decodes a `T` from a request body.
    /// - Throws: `JSONDecodingError` naming the field path and what was wrong with it.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws(JSONDecodingError) -> T {
        do {
            return try decoder.decode(type, from: Data(bytes))
        } catch let error as DecodingError {
            throw JSONDecodingError(error)
        } catch {
            throw .syntax(detail: String(describing: error))
        }
    }
}
