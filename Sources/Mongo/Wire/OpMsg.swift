/// One OP_MSG message (https://github.com/mongodb/specifications/blob/master/source/message/OP_MSG.md): the header's
/// ids, the flag bits, exactly one body document (section kind 0) and any document sequences (kind 1).
///
/// A plain value; `encode()` frames it and `parse(_:maxMessageBytes:)` checks a received frame strictly (fuzzed by
/// `Fuzz/opmsg-parser`). A trailing CRC-32C is verified when `checksumPresent` is set.
public struct OpMsg: Sendable, Equatable {
    /// One kind-1 section: an identifier (`documents`, `updates`, `deletes`) and its documents.
    public struct DocumentSequence: Sendable, Equatable {
        public var identifier: String
        public var documents: [BSONDocument]

        public init(identifier: String, documents: [BSONDocument]) {
            self.identifier = identifier
            self.documents = documents
        }
    }

    public static let opCode: Int32 = 2013
    public static let checksumPresent: UInt32 = 1 << 0
    public static let moreToCome: UInt32 = 1 << 1
    public static let exhaustAllowed: UInt32 = 1 << 16
    /// Header (16) + flags (4) + kind byte (1) + the smallest document (5).
    public static let minimumLength = 26

    public var requestID: Int32
    public var responseTo: Int32
    public var flags: UInt32
    public var body: BSONDocument
    public var sequences: [DocumentSequence]

    public init(requestID: Int32, responseTo: Int32 = 0, flags: UInt32 = 0, body: BSONDocument,
                sequences: [DocumentSequence] = []) {
        self.requestID = requestID
        self.responseTo = responseTo
        self.flags = flags
        self.body = body
        self.sequences = sequences
    }

    /// The framed message (never with a checksum: this client does not set `checksumPresent`).
    public func encode() throws(BSONError) -> [UInt8] {
        var output: [UInt8] = []
        BSONEncoder.appendInt32(0, to: &output)
        BSONEncoder.appendInt32(requestID, to: &output)
        BSONEncoder.appendInt32(responseTo, to: &output)
        BSONEncoder.appendInt32(Self.opCode, to: &output)
        BSONEncoder.appendInt32(Int32(bitPattern: flags & ~Self.checksumPresent), to: &output)
        output.append(0)
        try BSONEncoder.append(body, to: &output)
        for sequence in sequences {
            output.append(1)
            let start = output.count
            BSONEncoder.appendInt32(0, to: &output)
            try BSONEncoder.appendCString(sequence.identifier, to: &output)
            for document in sequence.documents { try BSONEncoder.append(document, to: &output) }
            BSONEncoder.patchInt32(Int32(output.count - start), at: start, in: &output)
        }
        BSONEncoder.patchInt32(Int32(output.count), at: 0, in: &output)
        return output
    }

    /// The message length announced by a 16-byte header (checked against `maxMessageBytes`).
    public static func announcedLength(header: [UInt8], maxMessageBytes: Int) throws(WireProtocolError) -> Int {
        let length: Int
        do { length = Int(try BSONDecoder.readInt32(header, at: 0, limit: header.count)) } catch { throw .truncated(offset: 0) }
        guard length >= minimumLength, length <= maxMessageBytes else {
            throw .invalidMessageLength(length: length, limitBytes: maxMessageBytes)
        }
        return length
    }

    /// Parses one whole framed message.
    /// - Throws: `WireProtocolError` for any framing, flag, section, checksum or BSON problem.
    public static func parse(_ bytes: [UInt8], maxMessageBytes: Int = 48_000_000) throws(WireProtocolError) -> OpMsg {
        let length = try announcedLength(header: bytes, maxMessageBytes: maxMessageBytes)
        guard length == bytes.count else { throw .invalidMessageLength(length: length, limitBytes: bytes.count) }
        let requestID = try int32(bytes, at: 4)
        let responseTo = try int32(bytes, at: 8)
        let opCode = try int32(bytes, at: 12)
        guard opCode == Self.opCode else { throw .unsupportedOpCode(opCode) }
        let flags = UInt32(bitPattern: try int32(bytes, at: 16))
        let unknownRequired = flags & 0xFFFF & ~(checksumPresent | moreToCome)
        guard unknownRequired == 0 else { throw .unknownRequiredFlags(unknownRequired) }
        var end = length
        if flags & checksumPresent != 0 {
            guard length >= minimumLength + 4 else { throw .truncated(offset: length) }
            end = length - 4
            let expected = UInt32(bitPattern: try int32(bytes, at: end))
            let actual = CRC32C.checksum(bytes[0..<end])
            guard expected == actual else { throw .checksumMismatch(expected: expected, actual: actual) }
        }
        let (body, sequences) = try parseSections(bytes, from: 20, end: end)
        return OpMsg(requestID: requestID, responseTo: responseTo, flags: flags, body: body, sequences: sequences)
    }

    private static func parseSections(_ bytes: [UInt8], from start: Int,
                                      end: Int) throws(WireProtocolError) -> (BSONDocument, [DocumentSequence]) {
        let decoder = BSONDecoder()
        var bodies: [BSONDocument] = []
        var sequences: [DocumentSequence] = []
        var position = start
        do {
            while position < end {
                let kind = bytes[position]
                position += 1
                switch kind {
                case 0:
                    let (document, next) = try decoder.decodeDocument(bytes, at: position, limit: end)
                    bodies.append(document)
                    position = next
                case 1:
                    let (sequence, next) = try parseSequence(bytes, at: position, end: end, decoder: decoder)
                    guard !sequences.contains(where: { $0.identifier == sequence.identifier }) else {
                        throw WireProtocolError.duplicateIdentifier(sequence.identifier)
                    }
                    sequences.append(sequence)
                    position = next
                default: throw WireProtocolError.unknownSectionKind(offset: position - 1, kind: kind)
                }
            }
        } catch let error as BSONError {
            throw .bson(error)
        } catch let error as WireProtocolError {
            throw error
        } catch {
            throw .truncated(offset: position)
        }
        guard bodies.count == 1, let body = bodies.first else { throw .bodyCount(bodies.count) }
        for sequence in sequences where body[sequence.identifier] != nil { throw .duplicateIdentifier(sequence.identifier) }
        return (body, sequences)
    }

    private static func parseSequence(_ bytes: [UInt8], at offset: Int, end: Int,
                                      decoder: BSONDecoder) throws -> (DocumentSequence, Int) {
        let size = Int(try BSONDecoder.readInt32(bytes, at: offset, limit: end))
        guard size >= 5, size <= end - offset else { throw WireProtocolError.invalidSequenceSize(offset: offset, size: size) }
        let sequenceEnd = offset + size
        let (identifier, afterName) = try BSONDecoder.readCString(bytes, at: offset + 4, limit: sequenceEnd)
        var documents: [BSONDocument] = []
        var position = afterName
        while position < sequenceEnd {
            let (document, next) = try decoder.decodeDocument(bytes, at: position, limit: sequenceEnd)
            documents.append(document)
            position = next
        }
        return (DocumentSequence(identifier: identifier, documents: documents), sequenceEnd)
    }

    private static func int32(_ bytes: [UInt8], at offset: Int) throws(WireProtocolError) -> Int32 {
        do { return try BSONDecoder.readInt32(bytes, at: offset, limit: bytes.count) } catch { throw .truncated(offset: offset) }
    }
}
