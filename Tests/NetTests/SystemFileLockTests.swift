import Foundation
@testable import Net
import Testing
import TestSupport

/// The `flock` wrapper and the statvfs sample on real files: one holder at a time (even within a process), the
/// holder's text for the refused caller, release and re-acquire, and errors for paths that do not exist.
@Suite struct SystemFileLockTests {
    @Test func oneHolderAtATimeAndTheRefusedCallerReadsTheHoldersText() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("x.lock")
        guard case .acquired(let first) = try SystemFileLock.acquire(path: path, holderText: "pid 1\n") else {
            Issue.record("the first acquire was refused")
            return
        }
        guard case .heldElsewhere(let text) = try SystemFileLock.acquire(path: path, holderText: "pid 2\n") else {
            Issue.record("a second open file description got the lock")
            return
        }
        #expect(text == "pid 1\n")
        first.release()
        #expect(!first.isHeld)
        guard case .acquired(let second) = try SystemFileLock.acquire(path: path, holderText: "pid 3\n") else {
            Issue.record("the lock was not free after release")
            return
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "pid 3\n", "the new holder replaced the text")
        second.release()
    }

    @Test func aMissingFolderIsASystemError() {
        #expect(throws: NetError.system(function: "open", errno: ENOENT)) {
            _ = try SystemFileLock.acquire(path: "/nonexistent-worldgame-folder/x.lock", holderText: "")
        }
        #expect(throws: NetError.system(function: "statvfs", errno: ENOENT)) {
            _ = try SystemFileSystemSpace.sample(path: "/nonexistent-worldgame-folder")
        }
    }

    @Test func aRealFileSystemHasSizeAndFreeSpace() throws {
        let directory = try TemporaryDirectory()
        let space = try SystemFileSystemSpace.sample(path: directory.path)
        #expect(space.totalBytes > 0)
        #expect(space.availableBytes >= 0 && space.availableBytes <= space.totalBytes)
    }
}
