import API
import Game
import HTTP
import Store
import Testing

/// How store failures reach clients: a full disk is 503 `storage_full` with `Retry-After` (not 500), a stale writer is
/// 503 `writer_stale` (not 409 `conflict`), an unconfirmed commit 504 `commit_unconfirmed` (503 only ever means
/// "nothing applied"), also when the error arrives wrapped in a `GameError`.
@Suite struct StoreErrorResponseTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var error: StoreError
        var status: HTTPStatus
        var code: String
        var retryAfter: String?
        var testDescription: String { code + " " + String(describing: error).prefix(40) }
    }

    @Test(arguments: [
        Case(error: .sqlite(code: 13, message: "database or disk is full", sql: "COMMIT"),
             status: .serviceUnavailable, code: "storage_full", retryAfter: "30"),
        // A failed fsync of a commit may have left the change on disk: 504, never the 503 that promises nothing was
        // applied.
        Case(error: .sqlite(code: 1034, message: "disk I/O error", sql: "COMMIT"),
             status: .gatewayTimeout, code: "commit_unconfirmed", retryAfter: "30"),
        Case(error: .commitUnconfirmed(reason: "fenced"), status: .gatewayTimeout, code: "commit_unconfirmed",
             retryAfter: "1"),
        Case(error: .switchingOver, status: .serviceUnavailable, code: "switching_over", retryAfter: "1"),
        Case(error: .sqlite(code: 778, message: "disk I/O error", sql: nil),
             status: .serviceUnavailable, code: "storage_full", retryAfter: "30"),
        Case(error: .writerStale(reason: "another process appended to the log"),
             status: .serviceUnavailable, code: "writer_stale", retryAfter: "1"),
        Case(error: .sqlite(code: 2067, message: "UNIQUE constraint failed: replication_log.seq", sql: nil),
             status: .conflict, code: "conflict", retryAfter: nil),
        Case(error: .sqlite(code: 266, message: "disk I/O error", sql: nil),
             status: .internalServerError, code: "internal_error", retryAfter: nil),
    ])
    func storeErrorsMapToTheirResponse(_ expected: Case) throws {
        for error in [expected.error as any APIErrorRepresentable, GameError.store(expected.error)] {
            #expect(error.status == expected.status)
            #expect(error.code == expected.code)
            #expect(error.headers["retry-after"] == expected.retryAfter)
            let response = error.response
            #expect(response.headers["retry-after"] == expected.retryAfter)
            #expect(!error.message.contains("SQLite"), "no internals in the message: \(error.message)")
        }
    }
}

extension StoreErrorResponseTests {
    /// Every documented write route lists the node's 503 codes with `Retry-After`; reads do not.
    @Test func theOpenAPIDocumentListsStorageFullOnEveryWrite() throws {
        let document = OpenAPIDocument.document()
        guard case .object(let paths) = document["paths"] else { Issue.record("no paths"); return }
        var writes = 0
        for (path, value) in paths where path.hasPrefix("/api/") {
            guard case .object(let methods) = value else { continue }
            for (method, operation) in methods {
                guard case .string(let description)? = operation["responses"]?["503"]?["description"] else {
                    #expect(method == "get", "\(method) \(path) documents no 503")
                    continue
                }
                if method == "get" { continue }
                writes += 1
                #expect(description.contains("storage_full") && description.contains("writer_stale"), "\(method) \(path)")
                #expect(description.hasPrefix("Refused before anything was applied"), "\(method) \(path)")
                #expect(operation["responses"]?["503"]?["headers"]?["Retry-After"] != nil)
                guard case .string(let unknown)? = operation["responses"]?["504"]?["description"] else {
                    Issue.record("\(method) \(path) documents no 504 commit_unconfirmed")
                    continue
                }
                #expect(unknown.contains("commit_unconfirmed"), "\(method) \(path)")
            }
        }
        #expect(writes >= 10)
    }
}
