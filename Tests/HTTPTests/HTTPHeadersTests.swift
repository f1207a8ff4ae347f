import Testing
@testable import HTTP

@Suite struct HTTPHeadersTests {
    @Test func looksUpCaseInsensitivelyAndKeepsOrder() {
        var headers: HTTPHeaders = ["Content-Type": "a", "X-Multi": "1"]
        headers.add("x-multi", "2")
        #expect(headers["content-type"] == "a")
        #expect(headers["CONTENT-TYPE"] == "a")
        #expect(headers["missing"] == nil)
        #expect(headers.values("X-MULTI") == ["1", "2"])
        #expect(headers.count == 3)
        #expect(headers.map(\.name) == ["Content-Type", "X-Multi", "x-multi"])
    }

    @Test func setReplacesAllAndRemoveDeletesAll() {
        var headers: HTTPHeaders = ["A": "1", "B": "2", "a": "3"]
        headers.set("a", "9")
        #expect(headers.values("A") == ["9"])
        #expect(headers.map(\.name) == ["B", "a"])
        headers.remove("B")
        #expect(headers.count == 1)
        #expect(headers["b"] == nil)
    }

    /// `set` tells the name apart once for its removal and its field: a known name replaces its fields in any case,
    /// an unknown one only the unknown fields spelled the same, and the new field is found by both kinds of look-up.
    @Test func setTellsTheNameApartOnce() {
        var headers: HTTPHeaders = ["X-Request-Id": "a", "content-type": "t", "x-request-ID": "b", "X-Other": "o"]
        headers.set("x-request-id", "c")
        #expect(headers.map(\.name) == ["content-type", "X-Other", "x-request-id"])
        #expect(headers[.xRequestID] == "c")
        #expect(headers["X-REQUEST-ID"] == "c")
        headers.set("x-other", "p")
        #expect(headers.map(\.name) == ["content-type", "x-request-id", "x-other"])
        #expect(headers.values("X-Other") == ["p"])
        #expect(headers[.contentType] == "t")
    }

    @Test(arguments: [
        ("keep-alive, Upgrade", "upgrade", true),
        ("keep-alive,close", "close", true),
        (" close ", "close", true),
        ("closed", "close", false),
        ("", "close", false),
    ])
    func findsTokensInLists(_ testCase: (value: String, token: String, expected: Bool)) {
        let headers: HTTPHeaders = ["Connection": testCase.value]
        #expect(headers.hasToken(testCase.token, in: "connection") == testCase.expected)
    }

    @Test func comparesByNamesAndValuesInOrder() {
        let left: HTTPHeaders = ["a": "1", "b": "2"]
        var right = HTTPHeaders()
        right.add("a", "1")
        right.add("b", "2")
        #expect(left == right)
        right.set("a", "1")
        #expect(left != right)
    }
}
