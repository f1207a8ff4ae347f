@testable import HTTP
import TestSupport

/// Test helper: feeds bytes to an `HTTPRequestParser` in a chosen split and records every event and the error.
struct ParserFeeding {
    /// What the parser produced for a byte stream; comparable across splits.
    struct Outcome: Equatable, CustomStringConvertible {
        var events: [String] = []
        var requests: [HTTPRequest] = []
        var error: HTTPParseError?

        static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            lhs.events == rhs.events && lhs.error == rhs.error
        }

        var description: String { "events: \(events), error: \(String(describing: error))" }
    }

    /// Feeds `bytes` in pieces of the given sizes (the rest in one piece), draining events after every piece.
    static func feed(_ bytes: [UInt8], pieces: [Int], limits: HTTPParserLimits = .init()) -> Outcome {
        var parser = HTTPRequestParser(limits: limits)
        var outcome = Outcome()
        var offset = 0
        var sizes = pieces[...]
        while offset < bytes.count {
            let size = min(sizes.popFirst() ?? bytes.count, bytes.count - offset)
            parser.append(bytes[offset..<offset + size])
            offset += size
            do {
                while let event = try parser.next() { record(event, into: &outcome) }
            } catch {
                outcome.error = error
                return outcome
            }
        }
        return outcome
    }

    static func whole(_ bytes: [UInt8], limits: HTTPParserLimits = .init()) -> Outcome {
        feed(bytes, pieces: [bytes.count], limits: limits)
    }

    static func byteByByte(_ bytes: [UInt8], limits: HTTPParserLimits = .init()) -> Outcome {
        feed(bytes, pieces: Array(repeating: 1, count: bytes.count), limits: limits)
    }

    static func randomChunks(_ bytes: [UInt8], seed: UInt64, limits: HTTPParserLimits = .init()) -> Outcome {
        var generator = SplitMix64(seed: seed)
        var pieces: [Int] = []
        var total = 0
        while total < bytes.count {
            let size = Int.random(in: 1...17, using: &generator)
            pieces.append(size)
            total += size
        }
        return feed(bytes, pieces: pieces, limits: limits)
    }

    private static func record(_ event: HTTPParserEvent, into outcome: inout Outcome) {
        switch event {
        case .headComplete(let expectsContinue):
            outcome.events.append("head(continue: \(expectsContinue))")
        case .request(let request):
            let headers = request.headers.map { "\($0.name)=\($0.value)" }.joined(separator: ";")
            outcome.events.append(
                "\(request.method) \(request.target) path=\(request.path) query=\(request.query.sorted { $0.key < $1.key }) "
                    + "\(request.version) keepAlive=\(request.keepAlive) headers=[\(headers)] "
                    + "body=\(String(decoding: request.body, as: UTF8.self))"
            )
            outcome.requests.append(request)
        }
    }
}

extension String {
    /// The string's UTF-8 bytes, for building wire input.
    var bytes: [UInt8] { Array(utf8) }
}
