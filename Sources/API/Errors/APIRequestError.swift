/// Every way a request's own input (body, query, path, headers) is rejected before any rule of the game runs.
///
/// Built on the event loop that validates the request; `APIErrorRepresentable` turns it into a 4xx response.
public enum APIRequestError: Error, Equatable, Sendable {
    case invalidJSON(JSONParseError)
    case bodyNotObject(actualType: String)
    case bodyTooLarge(limitBytes: Int, actualBytes: Int)
    case unsupportedMediaType(contentType: String)
    case missingField(name: String)
    case unknownField(name: String)
    case wrongType(field: String, expected: String, actual: String)
    case stringLength(field: String, minimum: Int, maximum: Int, actual: Int)
    case integerOutOfRange(field: String, minimum: Int64, maximum: Int64)
    /// A body field of the right type whose value is not one the route accepts (`expected` says which are).
    case invalidField(name: String, expected: String)
    case missingParameter(name: String)
    case unknownParameter(name: String)
    case invalidParameter(name: String, expected: String)
    case invertedRange(axis: String)
    case areaTooLarge(width: Int64, height: Int64, maxSquares: Int64)
}
