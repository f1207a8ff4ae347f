import Net

/// Request line and header field parsing (RFC 9112 §3 and §5) for `HTTPRequestParser`.
extension HTTPRequestParser {
    /// Parses the request line once complete; returns false when more bytes are needed.
    mutating func parseRequestLine() throws(HTTPParseError) -> Progress {
        let limit = limits.maxRequestLineBytes
        guard let line = findLine(from: readIndex) else {
            if buffer.count - readIndex > limit + 1 { throw .requestLineTooLong(limitBytes: limit) }
            return .needMoreBytes
        }
        if line.content.isEmpty {
            readIndex = line.next  // RFC 9112 §2.2: ignore empty lines before the request line.
            return .advanced
        }
        guard line.content.count <= limit else { throw .requestLineTooLong(limitBytes: limit) }
        pending = try Self.requestHead(buffer[line.content])
        readIndex = line.next
        lineStart = readIndex
        fields.removeAll(keepingCapacity: true)
        state = .headers
        return .advanced
    }

    /// Splits and validates `method SP request-target SP HTTP-version`.
    static func requestHead(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> PendingRequest {
        guard let firstSpace = line.firstIndex(of: 0x20) else { throw .malformedRequestLine }
        let methodBytes = line[line.startIndex..<firstSpace]
        let rest = line[(firstSpace + 1)...]
        guard let secondSpace = rest.firstIndex(of: 0x20) else { throw .malformedRequestLine }
        let targetBytes = rest[rest.startIndex..<secondSpace]
        let version = try parseVersion(rest[(secondSpace + 1)...])
        guard !methodBytes.isEmpty, methodBytes.allSatisfy(HTTPTokenCharacters.isToken) else {
            throw .malformedRequestLine
        }
        let method = HTTPMethod.from(bytes: methodBytes)
        guard !targetBytes.isEmpty, targetBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            throw .malformedRequestLine
        }
        let target = String(decoding: targetBytes, as: UTF8.self)
        let path: String
        let query: [String: String]
        if targetBytes.first == UInt8(ascii: "/") {
            let mark = targetBytes.firstIndex(of: UInt8(ascii: "?"))
            path = mark.map { String(decoding: targetBytes[..<$0], as: UTF8.self) } ?? target
            let queryBytes = mark.map { targetBytes[($0 + 1)...] } ?? targetBytes[targetBytes.endIndex...]
            guard let parsed = HTTPRequestTarget.parseQuery(bytes: queryBytes, lenient: false) else {
                throw .malformedRequestLine
            }
            query = parsed
        } else if targetBytes.elementsEqual("*".utf8) {
            guard method == .options else { throw .malformedRequestLine }
            path = "*"
            query = [:]
        } else {
            (path, query) = try absoluteFormPathAndQuery(target)
        }
        return PendingRequest(method: method, target: target, path: path, query: query, version: version)
    }

    /// `HTTP/1.0` or `HTTP/1.1`; other `HTTP/d.d` versions are 505, anything else 400.
    static func parseVersion(_ bytes: ArraySlice<UInt8>) throws(HTTPParseError) -> HTTPVersion {
        guard bytes.count == 8, bytes.starts(with: "HTTP/".utf8) else { throw .malformedRequestLine }
        let major = bytes[bytes.startIndex + 5]
        let dot = bytes[bytes.startIndex + 6]
        let minor = bytes[bytes.startIndex + 7]
        let digits = UInt8(ascii: "0")...UInt8(ascii: "9")
        guard digits.contains(major), dot == UInt8(ascii: "."), digits.contains(minor) else {
            throw .malformedRequestLine
        }
        guard major == UInt8(ascii: "1"), minor <= UInt8(ascii: "1") else { throw .unsupportedVersion }
        return minor == UInt8(ascii: "1") ? .http1_1 : .http1_0
    }

    /// Path and query of an absolute-form target (`http://host/p?q`, RFC 9112 §3.2.2); the authority is ignored.
    static func absoluteFormPathAndQuery(_ target: String) throws(HTTPParseError) -> (String, [String: String]) {
        let lowered = target.prefix(8).lowercased()
        let schemeLength: Int
        if lowered.hasPrefix("http://") {
            schemeLength = 7
        } else if lowered.hasPrefix("https://") {
            schemeLength = 8
        } else {
            throw .malformedRequestLine
        }
        let afterScheme = target.utf8.dropFirst(schemeLength)
        guard !afterScheme.isEmpty, afterScheme.first != UInt8(ascii: "/") else { throw .malformedRequestLine }
        let pathStart = afterScheme.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") }
        guard let pathStart else { return ("/", [:]) }
        var originForm = String(target[pathStart...])
        if originForm.hasPrefix("?") { originForm = "/" + originForm }
        let parts = HTTPRequestTarget.split(originForm)
        guard let query = HTTPRequestTarget.parseQuery(parts.query, lenient: false) else { throw .malformedRequestLine }
        return (parts.path, query)
    }

    /// Parses one header line; the empty line ends the head (see `finishHead`).
    mutating func parseHeaderLine() throws(HTTPParseError) -> Progress {
        let limit = limits.maxHeaderBytes
        guard let line = findLine(from: lineStart) else {
            if buffer.count - readIndex > limit + 1 { throw .headersTooLarge(limitBytes: limit) }
            return .needMoreBytes
        }
        if line.content.isEmpty {
            let storage = Array(buffer[readIndex..<lineStart])
            readIndex = line.next
            return try finishHead(HTTPHeaders(storage: storage, fields: fields))
        }
        guard line.next - readIndex <= limit else { throw .headersTooLarge(limitBytes: limit) }
        guard fields.count < limits.maxHeaderCount else { throw .tooManyHeaders(limit: limits.maxHeaderCount) }
        guard let field = Self.headerField(buffer, line.content) else { throw .malformedHeader }
        fields.append(HTTPHeaders.Field(
            nameStart: field.name.lowerBound - readIndex, nameEnd: field.name.upperBound - readIndex,
            valueStart: field.value.lowerBound - readIndex, valueEnd: field.value.upperBound - readIndex,
            known: HTTPHeaderName(buffer[field.name])
        ))
        lineStart = line.next
        return .advanced
    }

    /// Validates `token ":" OWS value OWS`; nil for obs-fold, whitespace before the colon, a non-token name, or a
    /// control byte (CR, LF, NUL, ...) in the value. Returns absolute ranges into the buffer.
    /// `lineRange` is the line's content in `buffer`.
    static func headerField(_ buffer: [UInt8], _ lineRange: Range<Int>) -> (name: Range<Int>, value: Range<Int>)? {
        let line = buffer[lineRange]
        guard let colon = SystemBytes.firstIndex(of: UInt8(ascii: ":"), in: buffer, lineRange),
              colon > line.startIndex else { return nil }
        let name = line[line.startIndex..<colon]
        guard name.allSatisfy(HTTPTokenCharacters.isToken) else { return nil }
        // The untrimmed value: the whitespace trimmed off is allowed anyway. Eight bytes a step (the ~200-byte
        // Authorization value cost about 1k instructions a request byte by byte).
        guard SystemBytes.isFieldValue(buffer, (colon + 1)..<lineRange.upperBound) else { return nil }
        let value = HTTPHeaders.trimmingWhitespace(line[(colon + 1)...])
        return (name.startIndex..<name.endIndex, value.startIndex..<value.endIndex)
    }
}
