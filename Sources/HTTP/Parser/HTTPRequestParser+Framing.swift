/// End-of-head checks for `HTTPRequestParser`: Host, message framing (RFC 9112 §6.1–6.3), persistence, Expect.
extension HTTPRequestParser {
    /// How the body of the request is delimited.
    enum Framing {
        case none
        case contentLength(Int)
        case chunked
    }

    /// Validates the complete head, stores it as pending and returns the head or request event.
    mutating func finishHead(_ headers: HTTPHeaders) throws(HTTPParseError) -> Progress {
        guard let version = pending?.version else { throw .malformedRequestLine }
        let hostCount = headers.fields.count { $0.known == .host }
        if hostCount > 1 { throw .malformedHeader }
        if hostCount == 0, version == .http1_1 { throw .missingHost }
        let framing = try Self.framing(of: headers, version: version, limits: limits)
        // Set in place: a copy of the pending head would retain and release each of its strings.
        pending?.keepAlive = HTTPRequest.isKeepAlive(version: version, headers: headers)
        pending?.headers = headers
        switch framing {
        case .none, .contentLength(0):
            return completeRequest(body: [])
        case .contentLength(let length):
            state = .fixedBody(length: length)
        case .chunked:
            chunkedBody = []
            state = .chunkSize
        }
        let expectsContinue = version == .http1_1 && headers.hasToken("100-continue", in: .expect)
        return .event(.headComplete(expectsContinue: expectsContinue))
    }

    /// Decides the body framing; rejects smuggling-prone and unsupported combinations.
    static func framing(
        of headers: HTTPHeaders, version: HTTPVersion, limits: HTTPParserLimits
    ) throws(HTTPParseError) -> Framing {
        let hasEncodings = headers.fields.contains { $0.known == .transferEncoding }
        let lengths = headers.fields.indices.lazy.filter { headers.fields[$0].known == .contentLength }
        if hasEncodings {
            if !lengths.isEmpty { throw .conflictingFraming }
            let encodings = headers.fields.indices.filter { headers.fields[$0].known == .transferEncoding }
            // RFC 9112 §6.1: Transfer-Encoding in an HTTP/1.0 message means faulty framing.
            if version == .http1_0 { throw .malformedHeader }
            try validateChunkedOnly(headers, encodings)
            return .chunked
        }
        guard !lengths.isEmpty else { return .none }
        var length: Int?
        for index in lengths {
            let field = headers.fields[index]
            let value = headers.storage[field.valueStart..<field.valueEnd]
            // The usual single value, without the array `split` allocates.
            if !value.contains(UInt8(ascii: ",")) {
                let parsed = try parseContentLength(HTTPHeaders.trimmingWhitespace(value))
                if let length, length != parsed { throw .invalidContentLength }
                length = parsed
                continue
            }
            // RFC 9110 §8.6: a list of identical values may be accepted as that value.
            for element in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
                let parsed = try parseContentLength(HTTPHeaders.trimmingWhitespace(element))
                if let length, length != parsed { throw .invalidContentLength }
                length = parsed
            }
        }
        guard let length else { return .none }
        if length > limits.maxBodyBytes {
            throw .bodyTooLarge(limitBytes: limits.maxBodyBytes, declaredBytes: length)
        }
        return .contentLength(length)
    }

    /// Accepts exactly one `chunked` coding across all Transfer-Encoding fields.
    static func validateChunkedOnly(_ headers: HTTPHeaders, _ encodings: [Int]) throws(HTTPParseError) {
        var chunkedCount = 0
        var otherCount = 0
        for index in encodings {
            let field = headers.fields[index]
            let value = headers.storage[field.valueStart..<field.valueEnd]
            for element in value.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: true) {
                let coding = HTTPHeaders.trimmingWhitespace(element)
                if coding.isEmpty { continue }
                if HTTPHeaders.equalsIgnoringCase(coding, "chunked".utf8) {
                    chunkedCount += 1
                } else {
                    otherCount += 1
                }
            }
        }
        if chunkedCount == 1, otherCount == 0 { return }
        // "chunked, chunked" is a framing error (400); anything else is a coding we do not implement (501).
        if chunkedCount > 1, otherCount == 0 { throw .malformedHeader }
        throw .unsupportedTransferEncoding(encodings.map { headers.value(at: $0) }.joined(separator: ", "))
    }

    /// `1*DIGIT` without sign or spaces, guarding overflow.
    static func parseContentLength(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        guard !bytes.isEmpty else { throw .invalidContentLength }
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw .invalidContentLength }
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdd) = shifted.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflowShift, !overflowAdd else { throw .invalidContentLength }
            value = sum
        }
        return value
    }
}
