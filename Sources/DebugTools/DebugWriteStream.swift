import Dispatch
import Foundation
import Store
import Synchronization

/// `worldgame debug write-stream`: a write load whose acknowledgements a crash test can check after a SIGKILL.
///
/// Opens a `Writer` (synchronous=FULL) on the database, creates `stream` if missing, and runs N submitter threads that
/// insert rows, each waiting for its previous row to be acknowledged. Every acknowledged row prints `ack <id>` on
/// stdout from the writer's completion, i.e. only after its batch is durably committed; stdout is written unbuffered
/// (one `write(2)` per line, all from the writer thread), so a printed ack is never lost when the process is killed.
public enum DebugWriteStream {
    /// worldgame debug write-stream --db PATH [--submitters N] [--count N]
    ///
    /// `--submitters` defaults to 8; `--count` is the number of rows per submitter (forever when omitted).
    /// Returns 0 when every row was acknowledged, 1 when a write failed, 2 for bad arguments.
    public static func run(arguments: [String]) -> Int32 {
        let options: Options
        switch Options.parse(arguments) {
        case .success(let parsed): options = parsed
        case .failure(let problem):
            writeError("worldgame debug write-stream: \(problem.message)\n" + Options.usage)
            return 2
        }
        do {
            let writer = try Writer(configuration: StoreConfiguration(path: options.databasePath))
            defer { writer.shutdown() }
            try writer.performAndWait { transaction in
                try transaction.execute("""
                    CREATE TABLE IF NOT EXISTS stream(
                        id INTEGER PRIMARY KEY, submitter INT NOT NULL, seq INT NOT NULL, payload TEXT NOT NULL) STRICT
                    """)
            }
            return runSubmitters(writer: writer, options: options) ? 0 : 1
        } catch {
            writeError("worldgame debug write-stream: \(error)\n")
            return 1
        }
    }

    /// Runs the submitter threads until each has written its rows (never, without `--count`). Returns whether all
    /// writes succeeded.
    private static func runSubmitters(writer: Writer, options: Options) -> Bool {
        let group = DispatchGroup()
        let failures = Atomic<Int>(0)
        for submitter in 0..<options.submitters {
            group.enter()
            let thread = Thread {
                defer { group.leave() }
                if !submitRows(writer: writer, submitter: submitter, count: options.countPerSubmitter) {
                    failures.add(1, ordering: .relaxed)
                }
            }
            thread.name = "write-stream-\(submitter)"
            thread.start()
        }
        group.wait()
        return failures.load(ordering: .relaxed) == 0
    }

    /// One submitter: inserts a row, waits for its acknowledgement, repeats. Returns false on the first failure.
    private static func submitRows(writer: Writer, submitter: Int, count: Int?) -> Bool {
        let acknowledged = DispatchSemaphore(value: 0)
        let succeeded = Atomic<Bool>(true)
        var sequence = 0
        while count.map({ sequence < $0 }) ?? true {
            let payload = "submitter \(submitter) row \(sequence) " + String(repeating: "x", count: 64)
            let arguments: [any SQLiteBindable] = [submitter, sequence, payload]
            writer.submit({ transaction in
                try transaction.run("INSERT INTO stream(submitter, seq, payload) VALUES (?, ?, ?)", arguments)
                return transaction.lastInsertRowID
            }, completion: { result in
                switch result {
                case .success(let id):
                    FileHandle.standardOutput.write(Data("ack \(id)\n".utf8))
                case .failure(let error):
                    writeError("worldgame debug write-stream: write failed: \(error)\n")
                    succeeded.store(false, ordering: .relaxed)
                }
                acknowledged.signal()
            })
            acknowledged.wait()
            guard succeeded.load(ordering: .relaxed) else { return false }
            sequence += 1
        }
        return true
    }

    private static func writeError(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// The parsed command line.
    private struct Options {
        var databasePath: String
        var submitters = 8
        var countPerSubmitter: Int?

        static let usage = "usage: worldgame debug write-stream --db PATH [--submitters N] [--count N]\n"

        /// Why the command line was rejected.
        struct Problem: Error {
            var message: String
        }

        static func parse(_ arguments: [String]) -> Result<Options, Problem> {
            var path: String?
            var options = Options(databasePath: "")
            var remaining = arguments[...]
            while let flag = remaining.popFirst() {
                guard let value = remaining.popFirst() else { return .failure(Problem(message: "\(flag) needs a value")) }
                switch flag {
                case "--db":
                    path = value
                case "--submitters":
                    guard let number = Int(value), number > 0 else { return .failure(Problem(message: "bad --submitters \(value)")) }
                    options.submitters = number
                case "--count":
                    guard let number = Int(value), number >= 0 else { return .failure(Problem(message: "bad --count \(value)")) }
                    options.countPerSubmitter = number
                default:
                    return .failure(Problem(message: "unknown option \(flag)"))
                }
            }
            guard let path else { return .failure(Problem(message: "--db is required")) }
            options.databasePath = path
            return .success(options)
        }
    }
}
