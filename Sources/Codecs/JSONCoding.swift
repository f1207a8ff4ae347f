import Foundation

/// The project's one JSON configuration for `Codable` types: sorted keys and unescaped slashes when encoding (stable
/// bytes for tests, caches and signatures), strict decoding that reports where a body went wrong.
///
/// Stateless; the shared coders are configured once and never mutated, so any thread may use them.
public enum JSONCoding {
    /// How the encoded text is laid out.
    public enum Layout: Sendable {
        /// One line, no spaces (bodies, payloads, events).
        case compact
        /// Indented, one member per line (files and command output meant for people).
        case pretty
    }

    private static let compactEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static let prettyEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    private static let decoder = JSONDecoder()

    /// Encodes `value` as JSON bytes with sorted keys, compact unless `layout` says otherwise.
    /// - Throws: `EncodingError` when a value cannot be represented (e.g. a non-finite Double).
    public static func encode<T: Encodable>(_ value: T, layout: Layout = .compact) throws -> [UInt8] {
        Array(try (layout == .compact ? compactEncoder : prettyEncoder).encode(value))
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
