import Foundation
@testable import API
import HTTP
import Testing

/// `RequestBody.isAcceptedMediaType`, which reads an ASCII `content-type` byte by byte, against the rule it replaced
/// (split at the first `;` omitting empty parts, trim Unicode whitespace, lowercase) on values that differ only in
/// the corners: case, spaces and tabs, leading semicolons, parameters, look-alikes and non-ASCII bytes.
@Suite struct RequestBodyMediaTypeTests {
    /// The previous implementation, kept here as the reference.
    private static func reference(_ contentType: String) -> Bool {
        let mediaType = contentType.split(separator: ";", maxSplits: 1).first.map {
            $0.trimmingCharacters(in: .whitespaces).lowercased()
        }
        return mediaType == "application/json" || mediaType == "application/x-www-form-urlencoded"
    }

    @Test(arguments: [
        "application/json", "Application/JSON", "APPLICATION/JSON", "application/json; charset=utf-8",
        "  application/json  ", "\tapplication/json\t;x", ";application/json", ";;application/json;a", " ;application/json",
        "application/x-www-form-urlencoded", "application/X-WWW-Form-Urlencoded; charset=UTF-8", "", ";", " ",
        "application/jsonx", "application/jso", "text/json", "application/json,text/plain", "application /json",
        "\u{00A0}application/json", "application/json\u{00A0}", "applicatİon/json", "application/json\u{2003}; q",
        "multipart/form-data", "application/problem+json",
    ])
    func agreesWithTheFoundationRule(_ contentType: String) {
        #expect(RequestBody.isAcceptedMediaType(contentType) == Self.reference(contentType))
    }

    /// A duplicate key and a number too large for an integer keep their answers whatever the content type's spelling.
    @Test func duplicateKeysAndHugeIntegersStillFail() throws {
        let duplicate = HTTPRequest(method: .post, target: "/x", headers: ["content-type": "Application/Json; charset=utf-8"],
                                    body: Array(#"{"amount":1,"amount":2}"#.utf8))
        #expect(throws: APIRequestError.self) { try RequestBody(duplicate, allowedFields: ["amount"]) }
        let huge = HTTPRequest(method: .post, target: "/x", headers: ["content-type": "application/json"],
                               body: Array(#"{"amount":99999999999999999999}"#.utf8))
        let body = try RequestBody(huge, allowedFields: ["amount"])
        #expect(throws: APIRequestError.integerOutOfRange(field: "amount", minimum: 1, maximum: 1_000)) {
            try body.integer("amount", range: 1...1_000)
        }
    }

    /// Several unknown fields: the error still names the first in sorted order.
    @Test func unknownFieldsNameTheFirstInSortedOrder() {
        let request = HTTPRequest(method: .post, target: "/x", body: Array(#"{"zeta":1,"amount":1,"beta":2}"#.utf8))
        #expect(throws: APIRequestError.unknownField(name: "beta")) {
            try RequestBody(request, allowedFields: ["amount"])
        }
    }
}
