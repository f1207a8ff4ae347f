import Foundation
import Testing
import TestSupport
@testable import Telemetry

@Suite struct JSONLinesSinkTests {
    @Test func writesOneCompleteLinePerRecordToTheDescriptor() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("log.jsonl")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        let sink = JSONLinesSink(fileDescriptor: handle.fileDescriptor)
        let time = Date(timeIntervalSince1970: 0)
        sink.write(LogRecord(time: time, level: .info, label: "app", message: "node started", fields: [("role", "primary")]))
        sink.write(LogRecord(time: time, level: .error, label: "app", message: "disk full", fields: []))

        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == """
            {"time":"1970-01-01T00:00:00.000Z","level":"info","label":"app","message":"node started","role":"primary"}
            {"time":"1970-01-01T00:00:00.000Z","level":"error","label":"app","message":"disk full"}

            """)
        #expect(sink.droppedLineCount == 0)
    }

    @Test func concurrentShortAndLongLinesNeverInterleave() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("log.jsonl")
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        let logger = Logger(label: "load", sink: JSONLinesSink(fileDescriptor: handle.fileDescriptor))
        let long = String(repeating: "x", count: 10_000)
        DispatchQueue.concurrentPerform(iterations: 8) { thread in
            for index in 0..<200 {
                logger.info("tick", [("thread", .int(Int64(thread))), ("index", .int(Int64(index))),
                                     ("payload", .string(index % 10 == 0 ? long : "short"))])
            }
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1600)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["message"] as? String == "tick")
        }
    }

    @Test func countsLinesTheDescriptorRefuses() {
        let sink = JSONLinesSink(fileDescriptor: -1)
        sink.write(LogRecord(time: Date(), level: .info, label: "x", message: "lost", fields: []))
        #expect(sink.droppedLineCount == 1)
    }
}
