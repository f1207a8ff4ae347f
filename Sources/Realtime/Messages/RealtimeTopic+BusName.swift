extension RealtimeTopic {
    /// What reading a bus name from its bytes found.
    enum BusNameReading: Equatable {
        case topic(RealtimeTopic)
        case invalid
        /// The name has a non-ASCII byte: parse it as a `String` (`parse(_:requesterID:)`).
        case notASCII
    }

    /// `parse(name, requesterID: nil)` read from `name`'s UTF-8 bytes when they are all ASCII (there every byte is
    /// one character, so both readings agree): the hub parses every published event's topic on the publishing
    /// thread, and the `String` parse (character search, `Substring` comparisons, a `String` copy of the argument)
    /// cost ~2.7k instructions an event.
    static func readASCII(busName name: String) -> BusNameReading {
        var name = name
        return name.withUTF8 { bytes -> BusNameReading in
            for byte in bytes where byte >= 0x80 { return .notASCII }
            if bytes.elementsEqual(auctionsBytes) { return .topic(.auctions) }
            guard bytes.count <= 64, let colon = bytes.firstIndex(of: UInt8(ascii: ":")) else { return .invalid }
            let kind = bytes[..<colon]
            let argument = bytes[(colon + 1)...]
            if kind.elementsEqual(marketBytes) {
                guard let market = marketTopicBytes.first(where: { argument.elementsEqual($0.bytes) }) else {
                    return .invalid
                }
                return .topic(.market(market.name))
            }
            guard let id = identifier(argument) else { return .invalid }
            if kind.elementsEqual(squareBytes) { return .topic(.square(id)) }
            if kind.elementsEqual(regionBytes) { return .topic(.region(id)) }
            if kind.elementsEqual(auctionBytes) { return .topic(.auction(id)) }
            if kind.elementsEqual(playerBytes) { return .topic(.player(id)) }
            return .invalid
        }
    }

    /// A positive decimal id without sign or leading zeros that fits an `Int64`, as `identifier(_:topic:)` takes.
    private static func identifier(_ digits: some Collection<UInt8>) -> Int64? {
        guard let first = digits.first, first != UInt8(ascii: "0") else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflowed) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowedAgain) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            guard !overflowed, !overflowedAgain else { return nil }
            value = sum
        }
        return value
    }

    private static let auctionsBytes: [UInt8] = Array("auctions".utf8)
    private static let marketBytes: [UInt8] = Array("market".utf8)
    private static let squareBytes: [UInt8] = Array("square".utf8)
    private static let regionBytes: [UInt8] = Array("region".utf8)
    private static let auctionBytes: [UInt8] = Array("auction".utf8)
    private static let playerBytes: [UInt8] = Array("player".utf8)
    private static let marketTopicBytes: [(name: String, bytes: [UInt8])] = marketTopics.sorted().map {
        ($0, Array($0.utf8))
    }
}
