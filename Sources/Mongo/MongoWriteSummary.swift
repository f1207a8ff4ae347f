/// What the server reported for write commands: matched, modified and upserted counts.
///
/// A plain value; `init(reply:)` also turns `writeErrors` and `writeConcernError` into thrown errors, because
/// `ok: 1` can coexist with both.
public struct MongoWriteSummary: Sendable, Equatable {
    public var matched = 0
    public var modified = 0
    public var upserted = 0

    public init() {}

    /// Reads an `update` reply.
    /// - Throws: `MongoError.writeError` (first error), `.writeConcernFailed`.
    public init(reply: BSONDocument) throws(MongoError) {
        if let errors = reply["writeErrors"]?.arrayValue, let first = errors.first?.documentValue {
            throw .writeError(index: Int(first["index"]?.integerValue ?? -1), code: Int(first["code"]?.integerValue ?? 0),
                              message: first["errmsg"]?.stringValue ?? "", failedCount: errors.count)
        }
        if let concern = reply["writeConcernError"]?.documentValue {
            throw .writeConcernFailed(code: Int(concern["code"]?.integerValue ?? 0),
                                      message: concern["errmsg"]?.stringValue ?? "",
                                      labels: (reply["errorLabels"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        upserted = reply["upserted"]?.arrayValue?.count ?? 0
        matched = Int(reply["n"]?.integerValue ?? 0) - upserted
        modified = Int(reply["nModified"]?.integerValue ?? 0)
    }

    /// The documents the server acknowledged (matched or inserted).
    public var acknowledged: Int { matched + upserted }

    mutating func add(_ other: MongoWriteSummary) {
        matched += other.matched
        modified += other.modified
        upserted += other.upserted
    }
}
