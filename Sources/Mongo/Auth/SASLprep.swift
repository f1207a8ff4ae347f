import Foundation

/// SASLprep (RFC 4013) for SCRAM passwords and user names, as far as this client implements it.
///
/// Covered: ASCII text passes unchanged (control characters are refused); non-ASCII spaces map to U+0020, the
/// "commonly mapped to nothing" characters (RFC 3454 B.1) are removed, then NFKC normalisation; prohibited output
/// (controls, private use, surrogates, non-characters) is refused. Not covered: the RFC 3454 table A.1 check for
/// unassigned code points and the bidirectional-text rules (RFC 3454 §6). Stateless.
public enum SASLprep {
    /// Why a string cannot be prepared (never includes the string: it may be a password).
    public enum PrepError: Error, Equatable, Sendable {
        case prohibitedCharacter(scalarValue: UInt32)
    }

    /// The prepared string.
    public static func prepare(_ text: String) throws(PrepError) -> String {
        if text.unicodeScalars.allSatisfy({ $0.isASCII }) {
            for scalar in text.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F {
                throw .prohibitedCharacter(scalarValue: scalar.value)
            }
            return text
        }
        var mapped = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if mappedToNothing.contains(scalar.value) { continue }
            mapped.append(scalar.properties.generalCategory == .spaceSeparator ? " " : scalar)
        }
        let normalized = String(mapped).precomposedStringWithCompatibilityMapping
        for scalar in normalized.unicodeScalars where isProhibited(scalar) {
            throw .prohibitedCharacter(scalarValue: scalar.value)
        }
        return normalized
    }

    private static let mappedToNothing: Set<UInt32> = [
        0x00AD, 0x034F, 0x1806, 0x180B, 0x180C, 0x180D, 0x200B, 0x200C, 0x200D, 0x2060,
        0xFE00, 0xFE01, 0xFE02, 0xFE03, 0xFE04, 0xFE05, 0xFE06, 0xFE07, 0xFE08, 0xFE09, 0xFE0A, 0xFE0B, 0xFE0C,
        0xFE0D, 0xFE0E, 0xFE0F, 0xFEFF,
    ]

    private static func isProhibited(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .privateUse, .surrogate, .lineSeparator, .paragraphSeparator: return true
        default: break
        }
        return scalar.properties.isNoncharacterCodePoint || (0xFFF9...0xFFFD).contains(scalar.value)
            || (0xE0001...0xE007F).contains(scalar.value) || (0x2FF0...0x2FFB).contains(scalar.value)
    }
}
