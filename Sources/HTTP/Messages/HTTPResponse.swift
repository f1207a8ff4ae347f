import Codecs
import Foundation

/// A response a handler gives to its `Responder`: status, headers and the complete body.
///
/// A plain value; built on any thread and serialized by the connection's event loop. Framing headers
/// (`content-length`, `connection: close`) and `date` are added by `HTTPResponseSerializer`, not here.
public struct HTTPResponse: Sendable, Equatable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The `content-type` of JSON responses.
    public static let jsonContentType = "application/json; charset=utf-8"

    /// A JSON body (sorted keys, slashes not escaped) with `content-type: application/json; charset=utf-8`.
    /// If `value` cannot be encoded (e.g. a non-finite Double) the result is a 500 `encoding_failed` error instead.
    public static func json<T: Encodable>(_ value: T, status: HTTPStatus = .ok) -> HTTPResponse {
        do {
            return json(bytes: try JSONCoding.encode(value), status: status)
        } catch {
            return .error(.internalServerError, code: "encoding_failed", message: "The response could not be encoded.")
        }
    }

    /// Pre-encoded JSON bytes with the JSON content type.
    public static func json(bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        var headers = HTTPHeaders()
        // Room for what handlers and the server usually add (cache-control, x-request-id): no regrowth per request.
        headers.reserveCapacity(fields: 4, bytes: 128)
        headers.add("content-type", jsonContentType)
        return HTTPResponse(status: status, headers: headers, body: bytes)
    }

    /// The contract's error shape: `{"error":{"code":"snake_case","message":"..."}}`.
    public static func error(_ status: HTTPStatus, code: String, message: String) -> HTTPResponse {
        let body = ErrorBody(error: .init(code: code, message: message))
        // Two strings cannot fail to encode; the fallback only keeps this total without a force-try.
        let bytes = (try? JSONCoding.encode(body)) ?? Array(#"{"error":{"code":"internal","message":""}}"#.utf8)
        return json(bytes: bytes, status: status)
    }

    /// A text body with the given content type.
    public static func text(
        _ text: String, status: HTTPStatus = .ok, contentType: String = "text/plain; charset=utf-8"
    ) -> HTTPResponse {
        HTTPResponse(status: status, headers: ["content-type": contentType], body: Array(text.utf8))
    }

    /// The body as UTF-8 text (invalid sequences replaced); for tests and logs.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Encodable form of the error body.
    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            var code: String
            var message: String
        }

        var error: Detail
    }
}
