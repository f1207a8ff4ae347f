/// The shared Base64 engine (RFC 4648 §4 and §5) behind `Base64` and `Base64URL`.
///
/// Strict by design, because these strings carry signatures and tokens: decoding rejects characters outside the
/// alphabet (whitespace included), misplaced or wrong padding, impossible lengths, and non-zero bits in the unused
/// low bits of the last character (non-canonical encodings), so each byte string has exactly one accepted text.
/// Immutable; any thread may use it.
struct Base64Alphabet: Sendable {
    static let standard = Base64Alphabet(
        characters: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", isPadded: true)
    static let url = Base64Alphabet(
        characters: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_", isPadded: false)

    private static let padding = UInt8(ascii: "=")
    private static let invalid: UInt8 = 0xFF

    private let encodeTable: [UInt8]
    private let decodeTable: [UInt8]
    /// Whether encoded text ends with `=` padding to a multiple of four characters.
    let isPadded: Bool

    private init(characters: String, isPadded: Bool) {
        encodeTable = Array(characters.utf8)
        var table = [UInt8](repeating: Self.invalid, count: 256)
        for (index, character) in encodeTable.enumerated() { table[Int(character)] = UInt8(index) }
        decodeTable = table
        self.isPadded = isPadded
    }

    func encode(_ bytes: some Collection<UInt8>) -> String {
        let input = Array(bytes)
        var output: [UInt8] = []
        output.reserveCapacity((input.count + 2) / 3 * 4)
        var index = 0
        while index < input.count {
            let remaining = min(3, input.count - index)
            let first = UInt32(input[index])
            let second = remaining > 1 ? UInt32(input[index + 1]) : 0
            let third = remaining > 2 ? UInt32(input[index + 2]) : 0
            let group = first << 16 | second << 8 | third
            for position in 0...remaining {
                output.append(encodeTable[Int(group >> (18 - 6 * UInt32(position)) & 0x3F)])
            }
            if isPadded && remaining < 3 {
                output.append(contentsOf: repeatElement(Self.padding, count: 3 - remaining))
            }
            index += 3
        }
        return String(decoding: output, as: UTF8.self)
    }

    func decode(_ text: String) -> [UInt8]? {
        var input = Array(text.utf8)
        if isPadded {
            guard input.count % 4 == 0 else { return nil }
            var paddingCount = 0
            while paddingCount < 2, input.last == Self.padding {
                input.removeLast()
                paddingCount += 1
            }
        }
        guard input.count % 4 != 1 else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(input.count * 3 / 4)
        var index = 0
        while index < input.count {
            let length = min(4, input.count - index)
            var group: UInt32 = 0
            for position in 0..<4 {
                let value = position < length ? decodeTable[Int(input[index + position])] : 0
                guard value != Self.invalid else { return nil }
                group = group << 6 | UInt32(value)
            }
            let byteCount = length - 1
            let unusedBits = UInt32((1 << (8 * (3 - byteCount))) - 1)
            guard group & unusedBits == 0 else { return nil }
            for position in 0..<byteCount {
                output.append(UInt8(truncatingIfNeeded: group >> (16 - 8 * UInt32(position))))
            }
            index += 4
        }
        return output
    }
}
