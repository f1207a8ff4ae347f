import Export
import Foundation
import Testing
import TestSupport

/// The node-local watermark file: absent means start, written atomically, a damaged file stops the run loudly.
@Suite struct ExportWatermarkTests {
    @Test func startsAtZeroAndRoundTrips() throws {
        let directory = try TemporaryDirectory(prefix: "worldgame-watermark")
        let path = directory.file("atlas-export.json")
        #expect(try ExportWatermark.load(from: path) == ExportWatermark())
        let saved = ExportWatermark(sequence: 42, cursors: ["squares": 4096, "trades": 7], lastSuccessAt: 1_717_200_000_000)
        try saved.save(to: path)
        try ExportWatermark(sequence: 43, cursors: saved.cursors).save(to: path)  // replaces, does not append.
        #expect(try ExportWatermark.load(from: path).sequence == 43)
        #expect(!FileManager.default.fileExists(atPath: path + ".tmp"))
    }

    @Test func refusesADamagedFile() throws {
        let directory = try TemporaryDirectory(prefix: "worldgame-watermark")
        let path = directory.file("atlas-export.json")
        try Data("{\"sequence\": ".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: ExportError.self) { try ExportWatermark.load(from: path) }
    }
}
