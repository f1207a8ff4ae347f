import Export
import Game
import Mongo
import Store
import Testing

/// The operators' audit trail is exported like the other game data: every row once, by id cursor, with its
/// operator, action, target, details and request ids.
@Suite struct AdminAuditExportTests {
    @Test func auditRowsAreExportedOnceWithTheirFields() throws {
        let world = try ExportTestWorld()
        let admin = try world.register("operator")
        let actor = AdminActor(adminID: admin.id, remoteAddress: "198.51.100.4:443", requestID: "req-42", traceID: nil)
        let now = ExportTestWorld.epoch
        _ = try world.writer.performAndWait { transaction in
            try AdminAudit.record(.playerSuspend, target: "player:9", details: ["reason": .string("spam")], by: actor,
                                  now: now, in: transaction)
        }
        try world.exporter.runOnce()
        let rows = world.destination.documents("adminAudit")
        #expect(rows.count == 1)
        let row = try #require(rows.first)
        #expect(row["action"] == .string("player.suspend") && row["target"] == .string("player:9"))
        #expect(row["adminId"] == .int64(admin.id) && row["requestId"] == .string("req-42"))
        #expect(row["remoteAddress"] == .string("198.51.100.4:443"))
        #expect(row["details"] == .string(#"{"reason":"spam"}"#))
        #expect(row["traceId"] == .null)
        let again = try #require(try world.exporter.runOnce())
        #expect(again.documents["adminAudit"] == nil, "nothing new: the id cursor moved past the row")
        _ = try world.writer.performAndWait { transaction in
            try AdminAudit.record(.playerReinstate, target: "player:9", by: actor, now: now + 1, in: transaction)
        }
        let third = try #require(try world.exporter.runOnce())
        #expect(third.documents["adminAudit"] == 1)
        #expect(world.destination.documents("adminAudit").count == 2)
    }
}
