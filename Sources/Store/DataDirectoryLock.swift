import Foundation
import Net

/// The exclusive lock on a data dir (`<data-dir>/worldgame.lock`, `flock`), held for the life of every process that
/// writes the data dir: `serve`, `migrate`, `restore`, offline `promote`, `rejoin`, `admin create`, `jobs retry|cancel`,
/// `cloud trigger`.
///
/// Exists because two writers on one database wedge each other (a second primary's log records collide with the
/// first's). The holder writes its pid and command into the file; a refused command names them. Read-only commands
/// (`status`, `verify`, `backup`, `jobs list|show`) never take it, so they work beside a running node. The kernel
/// drops the lock when the process exits, however it exits, so a stale lock file never blocks a restart.
/// Any thread; `release()` is idempotent.
public final class DataDirectoryLock: Sendable {
    /// The lock file's name inside the data dir.
    public static let fileName = "worldgame.lock"

    /// Why the lock was not taken, with what to do about it.
    public enum Failure: Error, CustomStringConvertible, Equatable {
        /// Another process holds the lock; `holderPID`/`holderCommand` come from the lock file (nil when unreadable).
        case inUse(dataDirectory: String, holderPID: Int32?, holderCommand: String?)
        /// The lock file could not be opened or locked at all.
        case unavailable(path: String, reason: String)

        public var description: String {
            switch self {
            case .inUse(let dataDirectory, let pid, let command):
                let holder = pid.map { "process \($0)" + (command.map { " (\($0))" } ?? "") } ?? "another process"
                return "data dir \(dataDirectory) is in use by \(holder); stop it first or use another --data-dir"
            case .unavailable(let path, let reason):
                return "cannot lock \(path): \(reason); check the data dir's permissions"
            }
        }
    }

    private let fileLock: SystemFileLock
    /// The data dir this lock guards.
    public let dataDirectory: String

    private init(fileLock: SystemFileLock, dataDirectory: String) {
        self.fileLock = fileLock
        self.dataDirectory = dataDirectory
    }

    /// The lock file of `dataDirectory`.
    public static func path(in dataDirectory: String) -> String { dataDirectory + "/" + fileName }

    /// Takes the lock of the existing folder `dataDirectory` without waiting, writing this process's pid and
    /// `command` (e.g. `worldgame serve`) into the lock file.
    /// - Throws: `Failure.inUse` naming the holder, or `Failure.unavailable`.
    public static func acquire(dataDirectory: String, command: String,
                        processID: Int32 = ProcessInfo.processInfo.processIdentifier) throws(Failure) -> DataDirectoryLock {
        let path = path(in: dataDirectory)
        let outcome: SystemFileLock.Outcome
        do {
            outcome = try SystemFileLock.acquire(path: path, holderText: "pid \(processID)\ncommand \(command)\n")
        } catch {
            throw .unavailable(path: path, reason: String(describing: error))
        }
        switch outcome {
        case .acquired(let fileLock):
            return DataDirectoryLock(fileLock: fileLock, dataDirectory: dataDirectory)
        case .heldElsewhere(let text):
            let holder = Holder(text: text)
            throw .inUse(dataDirectory: dataDirectory, holderPID: holder.processID, holderCommand: holder.command)
        }
    }

    /// Unlocks the data dir (the file stays, with the last holder's text). Idempotent.
    public func release() { fileLock.release() }

    /// Whether this object still holds the lock.
    public var isHeld: Bool { fileLock.isHeld }

    /// The lock file's contents: `pid N` and `command TEXT` lines, in any order.
    public struct Holder: Equatable, Sendable {
        public var processID: Int32?
        public var command: String?

        public init(processID: Int32?, command: String?) {
            self.processID = processID
            self.command = command
        }
    }
}

extension DataDirectoryLock.Holder {
    /// Parses a lock file's text; unknown lines are ignored, missing fields stay nil.
    public init(text: String) {
        self.init(processID: nil, command: nil)
        for line in text.split(separator: "\n") {
            if line.hasPrefix("pid ") { processID = Int32(line.dropFirst(4)) }
            if line.hasPrefix("command ") { command = String(line.dropFirst(8)) }
        }
    }
}
