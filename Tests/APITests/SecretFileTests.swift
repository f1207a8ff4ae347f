import API
import Foundation
import TestSupport
import Testing

@Suite struct SecretFileTests {
    @Test func createsOwnerOnlySecretOnceAndReadsItBack() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("data/secret.key")
        let first = try SecretFile.loadOrCreate(path: path)
        #expect(first.value.count == 32)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber
        #expect(mode?.intValue == 0o600)
        #expect(try SecretFile.loadOrCreate(path: path).value == first.value)
    }

    @Test func refusesReadableByOthersAndGarbage() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("secret.key")
        _ = FileManager.default.createFile(atPath: path, contents: Data(String(repeating: "ab", count: 32).utf8),
                                       attributes: [.posixPermissions: 0o644])
        #expect(throws: SecretFileError.tooPermissive(path: path, mode: 0o644)) { try SecretFile.loadOrCreate(path: path) }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try SecretFile.loadOrCreate(path: path).value == [UInt8](repeating: 0xAB, count: 32))
        try Data("short".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(throws: SecretFileError.self) { try SecretFile.loadOrCreate(path: path) }
    }
}
