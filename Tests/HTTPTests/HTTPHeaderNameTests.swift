import Foundation
import Testing
@testable import HTTP

/// The known-name tags must make every look-up answer what a case-insensitive comparison of the names answers.
@Suite struct HTTPHeaderNameTests {
    static let knownNames = [
        "host", "date", "expect", "connection", "traceparent", "content-type", "x-request-id", "authorization",
        "cache-control", "content-length", "transfer-encoding",
    ]

    /// Same lengths and first letters as known names, one letter off; and names that only share a length.
    static let nearMisses = [
        "hosu", "dave", "expecT-", "connectio", "connectiom", "traceparens", "content-typo", "x-request-ie",
        "authorizatio", "authorizatiom", "cache-controm", "content-lengtj", "transfer-encodinf", "hos", "datee",
        "x-requesT-idd", "accept", "keep-alive", "upgrade", "content-md5", "x-forwarded-for", "",
        "HOST ", "h\u{f6}st", "cont\u{e9}nt-type",
    ]

    @Test(arguments: knownNames)
    func tellsEachKnownNameInAnyCase(name: String) {
        let known = HTTPHeaderName(name)
        #expect(known != .other)
        #expect(HTTPHeaderName(name.uppercased()) == known)
        let mixed = String(name.enumerated().map {
            $0.offset % 2 == 0 ? Character($0.element.uppercased()) : $0.element
        })
        #expect(HTTPHeaderName(mixed) == known)
        #expect(HTTPHeaderName(Array(mixed.utf8)[...]) == known)
        #expect(String(decoding: known.lowercasedBytes, as: UTF8.self) == name)
    }

    @Test(arguments: nearMisses)
    func leavesEveryOtherNameOther(name: String) {
        #expect(HTTPHeaderName(name) == .other)
        #expect(HTTPHeaderName(Array(name.utf8)[...]) == .other)
    }

    /// Every look-up, over headers mixing known and other names in any case, against a plain comparison.
    @Test func lookUpsAgreeWithComparingTheNames() {
        let names = Self.knownNames + ["X-Custom", "accept", "Content-Typo", "Hosts"]
        var headers = HTTPHeaders()
        var reference: [(String, String)] = []
        for (index, name) in names.enumerated() {
            let spelled = index % 3 == 0 ? name.uppercased() : name
            headers.add(spelled, "v\(index)")
            reference.append((spelled, "v\(index)"))
            if index % 4 == 0 {
                headers.add(name.capitalized, "w\(index)")
                reference.append((name.capitalized, "w\(index)"))
            }
        }
        for name in names + Self.nearMisses + names.map({ $0.uppercased() }) {
            let matching = reference.filter { $0.0.lowercased() == name.lowercased() }.map(\.1)
            #expect(headers.values(name) == matching, "\(name)")
            #expect(headers[name] == matching.first, "\(name)")
            #expect(headers.valueBytes(name).map { String(decoding: $0, as: UTF8.self) } == matching.first)
            var removed = headers
            removed.remove(name)
            #expect(removed.count == headers.count - matching.count, "\(name)")
            #expect(removed[name] == nil)
        }
    }

    @Test func parsedFieldsAreToldApartToo() throws {
        var parser = HTTPRequestParser(limits: .init())
        parser.append(Array(("GET / HTTP/1.1\r\nHOST: a\r\nX-Request-ID: abc\r\nTraceParent: t\r\nx-requesT-idd: no\r\n"
            + "Authorization: Bearer x\r\nCONTENT-TYPE: text/plain\r\n\r\n").utf8))
        guard case .request(let request)? = try parser.next() else {
            Issue.record("no request")
            return
        }
        #expect(request.headers[.host] == "a")
        #expect(request.headers[.xRequestID] == "abc")
        #expect(request.headers[.traceparent] == "t")
        #expect(request.headers[.authorization] == "Bearer x")
        #expect(request.headers[.contentType] == "text/plain")
        #expect(request.headers["x-request-idd"] == "no")
        #expect(request.headers[.contentLength] == nil)
    }
}
