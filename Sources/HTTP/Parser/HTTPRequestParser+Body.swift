import Codecs
/// Body reading for `HTTPRequestParser`: Content-Length bodies and the chunked coding (RFC 9112 §6.3, §7.1).
extension HTTPRequestParser {
    /// Emits the request once `length` body bytes are buffered.
    mutating func readFixedBody(length: Int) -> Progress {
        guard buffer.count - readIndex >= length else { return .needMoreBytes }
        let body = Array(buffer[readIndex..<readIndex + length])
        readIndex += length
        return completeRequest(body: body)
    }

    /// Parses `chunk-size [BWS ; ext] CRLF`; extensions are ignored but their length is capped.
    mutating func parseChunkSize() throws(HTTPParseError) -> Progress {
        guard let line = findLine(from: readIndex) else {
            if buffer.count - readIndex > Self.maxChunkLineBytes + 1 { throw .malformedChunk }
            return .needMoreBytes
        }
        guard line.content.count <= Self.maxChunkLineBytes else { throw .malformedChunk }
        let size = try chunkSize(buffer[line.content])
        readIndex = line.next
        if size == 0 {
            trailerBytes = 0
            trailerCount = 0
            state = .trailers
        } else {
            chunkedBody.reserveCapacity(chunkedBody.count + size)
            state = .chunkData(remaining: size)
        }
        return .advanced
    }

    /// The hexadecimal size of a chunk-size line; throws 413 as soon as the body would pass the limit.
    func chunkSize(_ line: ArraySlice<UInt8>) throws(HTTPParseError) -> Int {
        let allowance = limits.maxBodyBytes - chunkedBody.count
        var size = 0
        var index = line.startIndex
        while index < line.endIndex, let digit = Hex.value(ofDigit: line[index]) {
            size = size * 16 + Int(digit)  // Cannot overflow: `size` stays <= maxBodyBytes below.
            if size > allowance { throw .bodyTooLarge(limitBytes: limits.maxBodyBytes, declaredBytes: nil) }
            index += 1
        }
        guard index > line.startIndex else { throw .malformedChunk }
        while index < line.endIndex, line[index] == 0x20 || line[index] == 0x09 { index += 1 }
        guard index == line.endIndex || line[index] == UInt8(ascii: ";") else { throw .malformedChunk }
        let extensionIsClean = line[index...].allSatisfy { ($0 >= 0x20 && $0 != 0x7F) || $0 == 0x09 }
        guard extensionIsClean else { throw .malformedChunk }
        return size
    }

    /// Copies whatever part of the current chunk has arrived.
    mutating func readChunkData(remaining: Int) -> Progress {
        let available = buffer.count - readIndex
        guard available > 0 else { return .needMoreBytes }
        let take = min(available, remaining)
        chunkedBody.append(contentsOf: buffer[readIndex..<readIndex + take])
        readIndex += take
        state = take == remaining ? .chunkDataEnd : .chunkData(remaining: remaining - take)
        return .advanced
    }

    /// Requires the CRLF (or bare LF) that ends a chunk's data.
    mutating func parseChunkDataEnd() throws(HTTPParseError) -> Progress {
        let available = buffer.count - readIndex
        guard available > 0 else { return .needMoreBytes }
        if buffer[readIndex] == 0x0A {
            readIndex += 1
        } else if buffer[readIndex] == 0x0D {
            guard available > 1 else { return .needMoreBytes }
            guard buffer[readIndex + 1] == 0x0A else { throw .malformedChunk }
            readIndex += 2
        } else {
            throw .malformedChunk
        }
        state = .chunkSize
        return .advanced
    }

    /// Reads (and discards) trailer fields up to the final empty line, within the header limits.
    /// Trailers are never merged into the request's headers.
    mutating func parseTrailerLine() throws(HTTPParseError) -> Progress {
        let limit = limits.maxHeaderBytes
        guard let line = findLine(from: readIndex) else {
            if trailerBytes + buffer.count - readIndex > limit + 1 { throw .headersTooLarge(limitBytes: limit) }
            return .needMoreBytes
        }
        readIndex = line.next
        if line.content.isEmpty {
            let body = chunkedBody
            chunkedBody = []
            return completeRequest(body: body)
        }
        trailerBytes += line.next - line.content.lowerBound
        guard trailerBytes <= limit else { throw .headersTooLarge(limitBytes: limit) }
        trailerCount += 1
        guard trailerCount <= limits.maxHeaderCount else { throw .tooManyHeaders(limit: limits.maxHeaderCount) }
        guard Self.headerField(buffer, line.content) != nil else { throw .malformedHeader }
        return .advanced
    }
}
