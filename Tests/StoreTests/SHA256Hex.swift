import Foundation
import TestSupport

/// The lower-case hex SHA-256 of a file as `sha256sum` computes it: an independent check of backup manifests.
enum SHA256Hex {
    static func of(file path: String) throws -> String {
        let output = try SystemTool.run("/usr/bin/sha256sum", [path]).output
        return String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init) ?? ""
    }
}
