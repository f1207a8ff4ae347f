import Foundation
import Store
import Testing
import TestSupport

/// The data dir's `flock` lock in one process (the lock belongs to an open file description, so a second `acquire`
/// in the same process is refused like another process would be), its holder text, and the refusal's wording.
@Suite struct DataDirectoryLockTests {
    @Test func aSecondAcquireIsRefusedNamingTheHolderUntilTheFirstIsReleased() throws {
        let directory = try TemporaryDirectory()
        let lock = try DataDirectoryLock.acquire(dataDirectory: directory.path, command: "worldgame serve", processID: 4242)
        #expect(lock.isHeld)
        #expect(try String(contentsOfFile: DataDirectoryLock.path(in: directory.path), encoding: .utf8)
                == "pid 4242\ncommand worldgame serve\n")
        #expect(throws: DataDirectoryLock.Failure.inUse(dataDirectory: directory.path, holderPID: 4242,
                                                        holderCommand: "worldgame serve")) {
            _ = try DataDirectoryLock.acquire(dataDirectory: directory.path, command: "worldgame migrate")
        }
        lock.release()
        lock.release()   // idempotent
        #expect(!lock.isHeld)
        let next = try DataDirectoryLock.acquire(dataDirectory: directory.path, command: "worldgame migrate", processID: 7)
        #expect(try String(contentsOfFile: DataDirectoryLock.path(in: directory.path), encoding: .utf8)
                == "pid 7\ncommand worldgame migrate\n")
        next.release()
    }

    @Test(arguments: [
        (DataDirectoryLock.Failure.inUse(dataDirectory: "/var/lib/worldgame", holderPID: 1234, holderCommand: "worldgame serve"),
         "data dir /var/lib/worldgame is in use by process 1234 (worldgame serve); stop it first or use another --data-dir"),
        (.inUse(dataDirectory: "d", holderPID: 9, holderCommand: nil),
         "data dir d is in use by process 9; stop it first or use another --data-dir"),
        (.inUse(dataDirectory: "d", holderPID: nil, holderCommand: nil),
         "data dir d is in use by another process; stop it first or use another --data-dir"),
    ])
    func refusalsSayWhoHoldsTheLockAndWhatToDo(failure: DataDirectoryLock.Failure, line: String) {
        #expect(failure.description == line)
    }

    @Test(arguments: [
        ("pid 12\ncommand worldgame serve\n", Int32(12), "worldgame serve"),
        ("command worldgame jobs retry\npid 99", Int32(99), "worldgame jobs retry"),
        ("", nil, nil),
        ("pid x\n", nil, nil),
    ])
    func holderTextParses(text: String, processID: Int32?, command: String?) {
        #expect(DataDirectoryLock.Holder(text: text) == DataDirectoryLock.Holder(processID: processID, command: command))
    }
}
