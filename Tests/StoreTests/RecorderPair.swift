import Foundation
@testable import Store
import Testing
import TestSupport

/// Two copies of one database in a temporary directory: the first recorded per batch by a `SQLiteSession` (the
/// oracle), the second by a `SQLiteChangeRecorder` kept across batches, as the writer keeps it.
///
/// Owned by one test. `run` plays the same statements on both as one batch and checks that the statements fail alike,
/// that the changesets are equal byte for byte, and (for a committed batch) that each changeset, applied to a copy of
/// the database taken before the batch, gives the recorded tables' state after it.
final class RecorderPair {
    /// One statement of a batch (a script of several when it has no arguments), or `rerun`.
    struct Step {
        var sql: String
        var arguments: [SQLiteValue]
        /// The batch's transaction rolls back here and a new one starts recording (the writer's path when a command
        /// without a savepoint fails: ROLLBACK, BEGIN, the other commands again); the steps after it are the new one's.
        var isRerun = false

        init(_ sql: String, _ arguments: [SQLiteValue] = []) {
            self.sql = sql
            self.arguments = arguments
        }

        static let rerun: Step = {
            var step = Step("-- rerun")
            step.isRerun = true
            return step
        }()
    }

    /// How a batch ends.
    enum Ending {
        /// Both changesets are built, then COMMIT.
        case commit
        /// Both changesets are built, then ROLLBACK (the writer's path when an observer refuses the batch).
        case rollback
        /// ROLLBACK without building them (the writer's path when a lone command fails).
        case discard
    }

    /// What a batch gave.
    struct BatchResult {
        var changeset: [UInt8]
        /// The indexes of the steps that failed.
        var failedStatements: [Int]
        var changed: Bool { !changeset.isEmpty }
    }

    /// Both sides' changesets (or errors) and failed steps (index and SQLite code).
    struct Outcomes {
        var session: Result<[UInt8], StoreError>
        var recorder: Result<[UInt8], StoreError>
        var sessionFailures: [[Int32]]
        var recorderFailures: [[Int32]]
    }

    let directory: TemporaryDirectory
    let sessionSide: Connection
    let recorderSide: Connection
    let recorder: SQLiteChangeRecorder
    let excludedTables: Set<String>
    private var copyCount = 0

    init(schema: String, excludedTables: Set<String>) throws {
        directory = try TemporaryDirectory(prefix: "recorder-pair")
        sessionSide = try Connection(configuration: StoreConfiguration(path: directory.file("session.db")),
                                     readOnly: false)
        try sessionSide.execute(schema)
        try sessionSide.execute("VACUUM INTO '\(directory.file("recorder.db"))'")
        recorderSide = try Connection(configuration: StoreConfiguration(path: directory.file("recorder.db")),
                                      readOnly: false)
        for side in [sessionSide, recorderSide] {
            try side.execute("CREATE TEMP TABLE scratch(id INTEGER PRIMARY KEY, v)")
        }
        recorder = try SQLiteChangeRecorder(database: recorderSide.database, excludedTables: excludedTables)
        self.excludedTables = excludedTables
    }

    deinit {
        recorder.close()
        sessionSide.close()
        recorderSide.close()
    }

    /// Runs `sql` on both sides outside any batch.
    func executeOnBoth(_ sql: String) throws {
        try sessionSide.execute(sql)
        try recorderSide.execute(sql)
    }

    /// Runs `steps` as one batch on both sides and checks them (see the type's comment); `label` names the batch in
    /// failures.
    @discardableResult
    func run(_ steps: [Step], ending: Ending, comparing tables: [String], label: String) throws -> BatchResult {
        let before = ending == .commit ? try (copy(), copy()) : nil
        let outcomes = try outcomes(steps, ending: ending)
        #expect(outcomes.sessionFailures == outcomes.recorderFailures, "\(label): statements failed differently")
        let expected: [UInt8]
        switch outcomes.session {
        case .success(let changeset):
            expected = changeset
        case .failure(let sessionError):
            // The session refuses some batches (a table's columns changed under it): the recorder must refuse them too.
            guard case .failure(let recorderError) = outcomes.recorder else {
                Issue.record("\(label): the session failed (\(sessionError)) but the recorder did not")
                return BatchResult(changeset: [], failedStatements: [])
            }
            #expect(recorderError.sqliteCode == sessionError.sqliteCode, "\(label): \(recorderError) vs \(sessionError)")
            return BatchResult(changeset: [], failedStatements: [])
        }
        let actual = try outcomes.recorder.get()
        if actual != expected {
            let index = zip(actual, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                ?? min(actual.count, expected.count)
            Issue.record("\(label): changesets differ at byte \(index) of \(expected.count) (recorder \(actual.count))")
        }
        _ = try SQLiteChangeset.operations(in: actual)
        if let (sessionCopy, recorderCopy) = before {
            try SQLiteChangeset.apply(expected, to: sessionCopy.database)
            try SQLiteChangeset.apply(actual, to: recorderCopy.database)
            let compared = tables + (try hasTable("sqlite_stat1", sessionCopy) ? ["sqlite_stat1"] : [])
            let after = try contents(of: sessionSide, tables: compared)
            #expect(try contents(of: recorderSide, tables: compared + ["nokey"]) == contents(of: sessionSide,
                    tables: compared + ["nokey"]), "\(label): the two sides diverged")
            let applied = try contents(of: sessionCopy, tables: compared)
            let differences = compared.filter { applied[$0] != after[$0] }.map { table in
                "\(table): \(Set(applied[table] ?? []).symmetricDifference(after[table] ?? []))"
            }
            #expect(differences.isEmpty, "\(label): the session's changeset does not give the batch's state: \(differences)")
            #expect(try contents(of: recorderCopy, tables: compared) == after,
                    "\(label): the recorder's changeset does not give the batch's state")
            sessionCopy.close()
            recorderCopy.close()
        }
        let failed = outcomes.recorderFailures.map { Int($0[0]) }
        return BatchResult(changeset: actual, failedStatements: failed)
    }

    /// Runs `steps` as one batch on each side and returns what each recorded, without checking.
    func outcomes(_ steps: [Step], ending: Ending = .commit) throws -> Outcomes {
        try sessionSide.run("BEGIN IMMEDIATE")
        var session = try SQLiteSession(database: sessionSide.database, excludedTables: excludedTables)
        let sessionFailures = try runSteps(steps, on: sessionSide) {
            session.delete()
            try sessionSide.run("ROLLBACK")
            try sessionSide.run("BEGIN IMMEDIATE")
            session = try SQLiteSession(database: sessionSide.database, excludedTables: excludedTables)
        }
        let sessionChangeset: Result<[UInt8], StoreError> = ending == .discard
            ? .success([]) : Result { () throws(StoreError) in try session.changeset() }
        session.delete()
        try sessionSide.run(ending == .commit ? "COMMIT" : "ROLLBACK")

        try recorderSide.run("BEGIN IMMEDIATE")
        try recorder.begin()
        let recorderFailures = try runSteps(steps, on: recorderSide) {
            recorder.discard()
            try recorderSide.run("ROLLBACK")
            try recorderSide.run("BEGIN IMMEDIATE")
            try recorder.begin()
        }
        let recorderChangeset: Result<[UInt8], StoreError>
        if ending == .discard {
            recorder.discard()
            recorderChangeset = .success([])
        } else {
            recorderChangeset = Result { () throws(StoreError) in try recorder.changeset() }
        }
        try recorderSide.run(ending == .commit ? "COMMIT" : "ROLLBACK")
        return Outcomes(session: sessionChangeset, recorder: recorderChangeset,
                        sessionFailures: sessionFailures, recorderFailures: recorderFailures)
    }

    /// The SQL each side started while running `steps` as a committed batch, from starting its recording to its
    /// changeset.
    func tracedStatements(_ steps: [Step]) throws -> (session: [String], recorder: [String]) {
        try sessionSide.run("BEGIN IMMEDIATE")
        let sessionTrace = try sessionSide.recordingStatements { () throws -> [UInt8] in
            let session = try SQLiteSession(database: sessionSide.database, excludedTables: excludedTables)
            defer { session.delete() }
            _ = try runSteps(steps, on: sessionSide)
            return try session.changeset()
        }
        try sessionSide.run("COMMIT")
        try recorderSide.run("BEGIN IMMEDIATE")
        let recorderTrace = try recorderSide.recordingStatements { () throws -> [UInt8] in
            try recorder.begin()
            _ = try runSteps(steps, on: recorderSide)
            return try recorder.changeset()
        }
        try recorderSide.run("COMMIT")
        #expect(recorderTrace.value == sessionTrace.value)
        return (sessionTrace.statements, recorderTrace.statements)
    }

    /// Runs `steps` on `side`, calling `rerun` at each `Step.rerun`; returns the failed steps (index and code).
    private func runSteps(_ steps: [Step], on side: Connection, rerun: () throws -> Void = {}) rethrows -> [[Int32]] {
        var failures: [[Int32]] = []
        for (index, step) in steps.enumerated() {
            if step.isRerun {
                try rerun()
                continue
            }
            do {
                if step.arguments.isEmpty { try side.execute(step.sql) } else { try side.run(step.sql, step.arguments) }
            } catch {
                var code: Int32 = -1
                if case .sqlite(let failed, _, _) = error { code = failed }
                failures.append([Int32(index), code])
            }
        }
        return failures
    }

    /// A copy of the session side as it is now (`VACUUM INTO`).
    func copy() throws -> Connection {
        copyCount += 1
        let path = directory.file("copy-\(copyCount).db")
        try sessionSide.execute("VACUUM INTO '\(path)'")
        let copy = try Connection(configuration: StoreConfiguration(path: path), readOnly: false)
        // A changeset already holds what the batch's cascades did: applying it must not cascade again.
        try copy.execute("PRAGMA foreign_keys=OFF")
        return copy
    }

    private func hasTable(_ name: String, _ connection: Connection) throws -> Bool {
        try connection.queryOne("SELECT 1 AS present FROM sqlite_schema WHERE name = ?", [name]) != nil
    }

    /// Every row of each of `tables` whose key holds no NULL (changesets skip those rows), as sorted text.
    private func contents(of connection: Connection, tables: [String]) throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for table in tables {
            let keys = try connection.query("SELECT name FROM pragma_table_info(?) WHERE pk > 0", [table])
                .map { row in "\"\(try row.string("name"))\" IS NOT NULL" }
            let filter = keys.isEmpty ? "" : " WHERE " + keys.joined(separator: " AND ")
            result[table] = try connection.query("SELECT * FROM \"\(table)\"" + filter).map { row in
                row.values.map { value in
                    switch value {
                    case .real(let real): "real(\(real.bitPattern))"
                    default: "\(value)"
                    }
                }.joined(separator: "|")
            }.sorted()
        }
        return result
    }
}

extension StoreError {
    /// The SQLite result code of a `.sqlite` error (nil for the others).
    fileprivate var sqliteCode: Int32? {
        if case .sqlite(let code, _, _) = self { return code }
        return nil
    }
}
