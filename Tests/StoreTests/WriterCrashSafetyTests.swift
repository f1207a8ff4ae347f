import Foundation
import Store
import Testing
import TestSupport

/// SIGKILLs the real binary in the middle of a write stream and checks that nothing it acknowledged was lost.
@Suite struct WriterCrashSafetyTests {
    static let iterations = 24

    @Test(.timeLimit(.minutes(1)))
    func sigkillMidStreamLosesNoAcknowledgedCommand() throws {
        let binary = BuiltProducts.worldgame
        try #require(FileManager.default.isExecutableFile(atPath: binary), "worldgame not built at \(binary)")
        let database = try StoreTestDatabase()
        var acknowledged = Set<Int64>()
        for iteration in 0..<Self.iterations {
            let stderrPath = database.directory.file("child-\(iteration).stderr")
            let child = try ChildProcess(
                executable: binary,
                arguments: ["debug", "write-stream", "--db", database.configuration.path, "--submitters", "8"],
                stderrPath: stderrPath)
            let target = Int.random(in: 1...1_500)
            let reached = child.waitForOutput(timeout: .seconds(20)) { $0.count >= target }
            try #require(reached, "iteration \(iteration): child printed \(child.outputLines.count) of \(target) acks")
            usleep(UInt32.random(in: 0..<3_000))   // a random kill point is the test, not a wait for a thread
            child.send(signal: SIGKILL)
            let status = child.waitForExit()
            #expect(status == SIGKILL, "iteration \(iteration): child exited with \(status)")
            let acks = child.outputLines.compactMap(Self.acknowledgedID)
            #expect(acks.count == child.outputLines.count, "iteration \(iteration): unexpected output lines")
            acknowledged.formUnion(acks)
            try Self.verify(database.configuration, contains: acknowledged, iteration: iteration)
        }
        #expect(acknowledged.count >= Self.iterations)
    }

    /// The id in an `ack <id>` line.
    static func acknowledgedID(_ line: String) -> Int64? {
        guard line.hasPrefix("ack ") else { return nil }
        return Int64(line.dropFirst(4))
    }

    /// Opens the crashed database (running WAL recovery) and checks integrity and every acknowledged row.
    static func verify(_ configuration: StoreConfiguration, contains acknowledged: Set<Int64>, iteration: Int) throws {
        let connection = try Connection(configuration: configuration, readOnly: false)
        defer { connection.close() }
        #expect(try connection.integrityCheck() == ["ok"], "iteration \(iteration)")
        let present = Set(try connection.query("SELECT id FROM stream").map { try $0.int64("id") })
        let missing = acknowledged.subtracting(present)
        #expect(missing.isEmpty, "iteration \(iteration): \(missing.count) acknowledged rows missing, e.g. \(missing.prefix(5))")
    }
}
