import HTTP

/// The answer to an error without a mapping (or a mapped 500): a generic `internal_error` that never shows the
/// error's description (it is logged instead, with the request id).
///
/// A plain value made by `APIResponses.answer(for:requestID:logger:)`.
public struct InternalError: Error, Equatable, APIErrorRepresentable {
    public var status: HTTPStatus { .internalServerError }
    public var code: String { "internal_error" }
    public var message: String { "The server hit an internal error; try again later." }
}
