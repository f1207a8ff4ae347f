@testable import API
import HTTP
import Testing

/// The wording of body validation errors: articles, numbers that do not fit, and body fields called
/// fields (query parameters stay parameters). Every route builds these through `RequestBody`, so the table here is
/// what each route answers.
@Suite struct RequestBodyWordingTests {
    private static func body(_ json: String, fields: Set<String> = ["amount", "side", "name"]) throws -> RequestBody {
        try RequestBody(HTTPRequest(method: .post, target: "/x", body: Array(json.utf8)), allowedFields: fields)
    }

    private static func failure(_ work: () throws(APIRequestError) -> Void) -> APIRequestError? {
        do {
            try work()
            return nil
        } catch {
            return error
        }
    }

    @Test(arguments: [
        (#"{"amount":"10"}"#, "wrong_type", "The field 'amount' must be an integer, not a string."),
        (#"{"amount":1.5}"#, "wrong_type", "The field 'amount' must be an integer, not a number."),
        (#"{"amount":true}"#, "wrong_type", "The field 'amount' must be an integer, not a boolean."),
        (#"{"amount":null}"#, "wrong_type", "The field 'amount' must be an integer, not a null."),
        (#"{"amount":[1]}"#, "wrong_type", "The field 'amount' must be an integer, not an array."),
        (#"{"amount":1e3}"#, "wrong_type",
         "The field 'amount' must be an integer written without a fraction or exponent, not a number."),
        (#"{"amount":1e30}"#, "out_of_range", "The field 'amount' is out of range: it must be an integer from 1 to 1000."),
        (#"{"amount":-1e30}"#, "out_of_range", "The field 'amount' is out of range: it must be an integer from 1 to 1000."),
        (#"{"amount":99999999999999999999}"#, "out_of_range",
         "The field 'amount' is out of range: it must be an integer from 1 to 1000."),
        (#"{"amount":1e4}"#, "out_of_range", "The field 'amount' is out of range: it must be an integer from 1 to 1000."),
        (#"{"amount":0}"#, "out_of_range", "The field 'amount' is out of range: it must be an integer from 1 to 1000."),
        (#"{}"#, "missing_field", "The field 'amount' is required."),
    ])
    func integerFieldsAreWordedAsFields(_ json: String, _ code: String, _ message: String) throws {
        let body = try Self.body(json)
        let error = try #require(Self.failure { () throws(APIRequestError) in _ = try body.integer("amount", range: 1...1000) })
        #expect(error.code == code)
        #expect(error.message == message)
        #expect(error.status == .badRequest)
    }

    @Test func integersInRangeAreAccepted() throws {
        #expect(try Self.body(#"{"amount":1000}"#).integer("amount", range: 1...1000) == 1000)
        #expect(try Self.body(#"{"amount":-9223372036854775808}"#).integer("amount", range: .min ... .max) == .min)
    }

    @Test(arguments: [
        (#"{"side":"hold"}"#, "invalid_field", #"The field 'side' must be "buy" or "sell"."#),
        (#"{"side":"a-very-long-side"}"#, "invalid_field", #"The field 'side' must be "buy" or "sell"."#),
        (#"{"side":""}"#, "invalid_field", #"The field 'side' must be "buy" or "sell"."#),
        (#"{"side":"SELL"}"#, "invalid_field", #"The field 'side' must be "buy" or "sell"."#),
        (#"{"side":"buy "}"#, "invalid_field", #"The field 'side' must be "buy" or "sell"."#),
        (#"{"side":"b\u00fcy"}"#, "invalid_field", #"The field 'side' must be "buy" or "sell"."#),
        (#"{"side":5}"#, "wrong_type", "The field 'side' must be a string, not a number."),
        (#"{}"#, "missing_field", "The field 'side' is required."),
    ])
    func choiceFieldsAreFieldsNotParameters(_ json: String, _ code: String, _ message: String) throws {
        let body = try Self.body(json)
        let error = try #require(Self.failure { () throws(APIRequestError) in _ = try body.choice("side", among: ["buy", "sell"]) })
        #expect(error.code == code)
        #expect(error.message == message)
        #expect(!error.message.contains("parameter"))
    }

    @Test func aValidChoiceIsReturned() throws {
        #expect(try Self.body(#"{"side":"sell"}"#).choice("side", among: ["buy", "sell"]) == "sell")
    }

    @Test(arguments: [
        (APIRequestError.invalidParameter(name: "status", expected: "open or closed"),
         "The parameter 'status' must be open or closed."),
        (.missingParameter(name: "minX"), "The query parameter 'minX' is required."),
        (.wrongType(field: "landSquares", expected: "array of positive integer ids", actual: "object"),
         "The field 'landSquares' must be an array of positive integer ids, not an object."),
    ])
    func queryParametersStayParametersAndArticlesAgree(_ error: APIRequestError, _ message: String) {
        #expect(error.message == message)
    }

    @Test(arguments: [("integer", "an integer"), ("string", "a string"), ("array", "an array"), ("object", "an object"),
                      ("number", "a number"), ("boolean", "a boolean"), ("", "")])
    func theArticleFollowsTheNoun(_ noun: String, _ expected: String) {
        #expect(APIRequestError.withArticle(noun) == expected)
    }
}
