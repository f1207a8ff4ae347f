import Testing
@testable import HTTP

@Suite struct HTTPResponseTests {
    @Test func errorHasTheContractShape() {
        let response = HTTPResponse.error(.notFound, code: "not_found", message: "No route for /x \"quoted\"")
        #expect(response.status == .notFound)
        #expect(response.headers["content-type"] == "application/json; charset=utf-8")
        #expect(response.bodyText == #"{"error":{"code":"not_found","message":"No route for /x \"quoted\""}}"#)
    }

    @Test func parseErrorsMapToErrorBodies() {
        let error = HTTPParseError.headersTooLarge(limitBytes: 64)
        let response = HTTPResponse.error(error.status, code: error.code, message: error.message)
        #expect(response.status.code == 431)
        #expect(response.bodyText
            == #"{"error":{"code":"header_too_large","message":"The header section is larger than 64 bytes; send fewer or smaller headers."}}"#)
    }

    struct Sample: Encodable {
        var zeta: Int
        var alpha: String
        var url: String
    }

    @Test func jsonSortsKeysAndKeepsSlashes() {
        let response = HTTPResponse.json(Sample(zeta: 1, alpha: "a", url: "/api/x"), status: .created)
        #expect(response.status == .created)
        #expect(response.bodyText == #"{"alpha":"a","url":"/api/x","zeta":1}"#)
        #expect(response.headers["Content-Type"] == HTTPResponse.jsonContentType)
    }

    @Test func unencodableJSONBecomesA500() {
        let response = HTTPResponse.json(["x": Double.nan])
        #expect(response.status == .internalServerError)
        #expect(response.bodyText.contains(#""code":"encoding_failed""#))
    }

    @Test func jsonBytesAreUsedAsIs() {
        let response = HTTPResponse.json(bytes: "[1,2]".bytes, status: .accepted)
        #expect(response.body == "[1,2]".bytes)
        #expect(response.status.code == 202)
    }

    @Test func textUsesTheGivenContentType() {
        let response = HTTPResponse.text("# metrics", contentType: "text/plain; version=0.0.4")
        #expect(response.headers["content-type"] == "text/plain; version=0.0.4")
        #expect(response.body == "# metrics".bytes)
    }

    static let parseErrorStatuses: [(error: HTTPParseError, status: Int, code: String)] = [
        (.requestLineTooLong(limitBytes: 1), 414, "uri_too_long"),
        (.headersTooLarge(limitBytes: 1), 431, "header_too_large"),
        (.tooManyHeaders(limit: 1), 431, "too_many_headers"),
        (.bodyTooLarge(limitBytes: 1, declaredBytes: 2), 413, "payload_too_large"),
        (.bodyTooLarge(limitBytes: 1, declaredBytes: nil), 413, "payload_too_large"),
        (.malformedRequestLine, 400, "malformed_request_line"),
        (.malformedHeader, 400, "malformed_header"),
        (.invalidContentLength, 400, "invalid_content_length"),
        (.conflictingFraming, 400, "conflicting_framing"),
        (.unsupportedTransferEncoding("gzip"), 501, "unsupported_transfer_encoding"),
        (.malformedChunk, 400, "malformed_chunk"),
        (.unsupportedVersion, 505, "http_version_not_supported"),
        (.missingHost, 400, "missing_host"),
    ]

    @Test(arguments: parseErrorStatuses)
    func parseErrorsHaveStatusCodeAndMessage(_ testCase: (error: HTTPParseError, status: Int, code: String)) {
        #expect(testCase.error.status.code == testCase.status)
        #expect(testCase.error.code == testCase.code)
        #expect(!testCase.error.message.isEmpty)
    }
}
