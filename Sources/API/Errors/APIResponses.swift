import HTTP
import Telemetry

/// Turns handler outcomes into responses: mapped errors become their 4xx/503/504 answer, anything else a logged 500.
///
/// Pure helpers used on event loops, hashing threads and the writer thread alike.
public enum APIResponses {
    /// The response for `error`. Errors without a mapping (and mapped 500s) are logged once with the request id and
    /// answered with a generic `internal_error`, never with their description.
    public static func response(for error: any Error, requestID: String, logger: Logger) -> HTTPResponse {
        answer(for: error, requestID: requestID, logger: logger).response
    }

    /// The mapped error `error` is answered with, over HTTP or the socket: the error itself when it knows its answer
    /// (a 4xx, a 503 "nothing was applied, retry on the peer" or a 504 "outcome unknown"), else `InternalError` after
    /// logging `error` once with the request id.
    public static func answer(for error: any Error, requestID: String, logger: Logger) -> any APIErrorRepresentable {
        if let mapped = error as? any APIErrorRepresentable,
           mapped.status.code < 500 || mapped.status == .serviceUnavailable || mapped.status == .gatewayTimeout {
            return mapped
        }
        logger.error("request failed", [("request_id", .string(requestID)), ("error", .string(String(describing: error)))])
        return InternalError()
    }

    /// A JSON response of `value` with `status`.
    public static func json(_ value: JSONValue, status: HTTPStatus = .ok) -> HTTPResponse {
        json(encoded: value.encoded(), status: status)
    }

    /// A JSON response of already encoded bytes (a hot route that writes its body directly) with `status`.
    public static func json(encoded bytes: [UInt8], status: HTTPStatus = .ok) -> HTTPResponse {
        var response = HTTPResponse.json(bytes: bytes, status: status)
        response.headers.set("cache-control", "no-store")
        return response
    }

    /// Runs `body` and responds with its result (nil: `body` arranged to respond later), or with the mapped error.
    static func respond(_ responder: Responder, requestID: String, logger: Logger,
                        _ body: () throws -> HTTPResponse?) {
        do {
            if let response = try body() { responder.respond(response) }
        } catch {
            responder.respond(response(for: error, requestID: requestID, logger: logger))
        }
    }
}
