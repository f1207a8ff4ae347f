import Foundation
import HTTP
import Store
import Testing
import TestSupport

/// A full disk is an operator signal, on a real 24 MiB tmpfs: with the file system filled to the last byte, writes
/// answer 503 `storage_full` with `Retry-After` (never 500), `/ready` is 503 `storage_full` and the gauge is 1; once
/// the filler is deleted writes succeed, `/ready` is 200 and the gauge 0; after the node stops, `verify` is clean and
/// every acknowledged write is in the database.
@Suite(.serialized) struct StorageFullProcessTests {
    /// Mounting needs root (the test machine runs the suite as root; elsewhere the test is skipped).
    static let canMount = getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/bin/mount")

    @Test(.enabled(if: canMount, "needs root to mount a 24 MiB tmpfs"), .timeLimit(.minutes(3)))
    func aFullDiskAnswers503StorageFullAndRecoversWhenSpaceReturns() throws {
        let directory = try TemporaryDirectory()
        let mountPoint = directory.file("small-disk")
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        #expect(try Self.tool("/bin/mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", mountPoint]) == 0)
        defer { _ = try? Self.tool("/bin/umount", ["-l", mountPoint]) }
        let data = mountPoint + "/data"
        let node = try NodeProcess(dataDirectory: data, extraArguments: ["--storage-warn-free-bytes", String(4 << 20)])
        defer { if node.child.process.isRunning { _ = node.stop() } }
        var acknowledged: [String] = []
        for index in 0..<5 {
            #expect(try node.register("before\(index)").status == 201)
            acknowledged.append("before\(index)")
        }
        #expect(try node.metric("worldgame_storage_full") == 0)
        #expect(try #require(try node.metric("worldgame_storage_free_bytes")) > Double(4 << 20))

        let filler = mountPoint + "/filler"
        _ = try Self.tool("/bin/dd", ["if=/dev/zero", "of=\(filler)", "bs=1M"])   // exits 1 at ENOSPC, by design
        #expect(try Self.tool("/bin/df", ["-B1", mountPoint]) == 0)

        // The WAL may still have room for a few frames: keep writing until the disk refuses one.
        var refusal: HTTPClientResponse?
        var refusedNames: [String] = []
        for index in 0..<400 where refusal == nil {
            let response = try node.register("full\(index)")
            switch response.status {
            case 201: acknowledged.append("full\(index)")
            case 503:
                refusal = response
                refusedNames.append("full\(index)")
            default: Issue.record("a write on a full disk answered \(response.status): \(response.bodyText)")
            }
        }
        let refused = try #require(refusal, "no write was refused on a full disk")
        #expect(refused.bodyText.contains(#""code":"storage_full""#), "\(refused.bodyText)")
        #expect(refused.headers["retry-after"] == "30")
        let ready = try node.send(.get, "/ready")
        #expect(ready.status == 503)
        #expect(ready.bodyText.contains(#""code":"storage_full""#), "\(ready.bodyText)")
        #expect(try node.metric("worldgame_storage_full") == 1)
        #expect(try node.metric("worldgame_storage_free_bytes").map { $0 < Double(1 << 20) } == true)
        #expect(try node.send(.get, "/health").status == 200)
        #expect(node.child.waitForOutput { lines in
            lines.contains { $0.contains(#""level":"error""#) && $0.contains("storage full: writes refused") }
                && lines.contains { $0.contains(#""level":"warning""#) && $0.contains("below the warning floor") }
        })

        try FileManager.default.removeItem(atPath: filler)
        let recovered = try node.register("after")
        #expect(recovered.status == 201, "\(recovered.bodyText)")
        if recovered.status == 201 { acknowledged.append("after") }
        #expect(try node.send(.get, "/ready").status == 200)
        #expect(try node.metric("worldgame_storage_full") == 0)
        #expect(try #require(try node.metric("worldgame_storage_free_bytes")) > Double(1 << 20))
        #expect(node.child.outputLines.contains { $0.contains("storage writable again") })
        #expect(node.stop() == 0)

        let verify = try runWorldgame(["verify", "--data-dir", data], in: directory)
        #expect(verify.status == 0, "\(verify.stderr)")
        let connection = try Connection(configuration: StoreConfiguration(path: data + "/worldgame.db"), readOnly: true)
        defer { connection.close() }
        let stored = Set(try connection.query("SELECT username FROM players").map { try $0.string("username") })
        #expect(Set(acknowledged).isSubset(of: stored), "acknowledged but missing: \(Set(acknowledged).subtracting(stored))")
        // 503 promises nothing was applied (so a front may retry it on the peer): the refused registration is absent.
        #expect(Set(refusedNames).isDisjoint(with: stored), "answered 503 but stored: \(Set(refusedNames).intersection(stored))")
    }

    /// Runs a system tool to completion; returns its exit status.
    static func tool(_ path: String, _ arguments: [String]) throws -> Int32 {
        try SystemTool.run(path, arguments).status
    }
}
