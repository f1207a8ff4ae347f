import Engine
import Game
import Jobs

/// The JSON of the operators' routes (documented in `OpenAPISchemas+Admin`). Times are RFC 3339 strings like every
/// other `/api/` response; amounts and quantities integers. Pure functions, any thread.
enum AdminJSON {
    static func job(_ job: Job) -> JSONValue {
        [
            "id": .integer(job.id), "kind": .string(job.kind), "state": .string(job.state.rawValue),
            "attempts": .integer(Int64(job.attempts)), "maxAttempts": .integer(Int64(job.maxAttempts)),
            "runAt": Timestamp.json(job.runAt), "updatedAt": Timestamp.json(job.updatedAt),
            "lastError": job.lastError.map(JSONValue.string) ?? .null,
        ]
    }

    static func schedule(_ schedule: ScheduleOverview) -> JSONValue {
        [
            "name": .string(schedule.name), "kind": .string(schedule.kind),
            "cadence": .string(schedule.cadence.description), "nextRunAt": Timestamp.json(schedule.nextRunAt),
            "lastRunAt": Timestamp.json(ScheduleListing.lastRunTime(schedule)),
            "lastOutcome": .string(schedule.lastOutcome),
            "lastError": schedule.lastRun?.lastError.map(JSONValue.string) ?? .null,
        ]
    }

    static func player(_ summary: PlayerSummary) -> JSONValue {
        [
            "id": .integer(summary.id), "name": .string(summary.username), "role": .string(summary.role.rawValue),
            "suspended": .bool(summary.isSuspended),
            "suspendedReason": summary.suspendedReason.map(JSONValue.string) ?? .null,
            "gold": .integer(summary.gold), "escrow": .integer(summary.escrow),
        ]
    }

    static func bid(_ view: AdminBidView) -> JSONValue {
        [
            "id": .integer(view.bid.id), "playerId": .integer(view.bid.playerID), "playerName": .string(view.playerName),
            "amount": .integer(view.bid.amount), "status": .string(view.bid.status.rawValue),
            "placedAt": Timestamp.json(view.bid.placedAt),
        ]
    }

    static func marketMaker(_ overview: MarketMakerOverview) -> JSONValue {
        [
            "treasury": .integer(overview.treasuryGold), "gold": .integer(overview.gold),
            "resources": .array(overview.resources.map { line in
                [
                    "resource": .string(line.resource.rawValue), "stock": .integer(line.stock),
                    "dailyCap": .integer(line.dailyCap), "soldToday": .integer(line.soldToday),
                    "boughtToday": .integer(line.boughtToday),
                ]
            }),
        ]
    }

    static func auditEntry(_ entry: AdminAuditEntry) -> JSONValue {
        [
            "id": .integer(entry.id), "at": Timestamp.json(entry.at), "adminId": .integer(entry.adminID),
            "adminName": .string(entry.adminName), "action": .string(entry.action), "target": .string(entry.target),
            "details": entry.details, "remoteAddress": .string(entry.remoteAddress),
            "requestID": .string(entry.requestID), "traceID": entry.traceID.map(JSONValue.string) ?? .null,
        ]
    }

    static func check(_ check: AuditCheck) -> JSONValue {
        [
            "name": .string(check.name), "ok": .bool(check.passed),
            "detail": .string(check.passed ? check.scope : check.violations.joined(separator: "; ")),
        ]
    }

    static func health(_ health: AdminNodeHealth, now: Int64) -> JSONValue {
        var object: [String: JSONValue] = [
            "role": .string(health.role),
            "version": .object([
                "release": .string(health.release), "schema": .optional(health.schemaVersion),
                "protocol": .optional(health.protocolVersion),
            ]),
            "ready": ["ok": .bool(health.isReady), "reasons": .array(health.readyReasons.map(JSONValue.string))],
            "recentErrors": .array(health.recentErrors.map { error in
                [
                    "at": Timestamp.json(error.at), "message": .string(error.message),
                    "requestID": error.requestID.map(JSONValue.string) ?? .null,
                ]
            }),
        ]
        if let term = health.term { object["term"] = .integer(term) }
        if let replication = health.replication {
            var fields: [String: JSONValue] = ["mode": .string(replication.mode), "fenced": .bool(replication.isFenced)]
            if let value = replication.standbyConnected { fields["standbyConnected"] = .bool(value) }
            if let value = replication.lagRecords { fields["lagRecords"] = .integer(value) }
            if let value = replication.lagMilliseconds { fields["lagMs"] = .integer(value) }
            if let value = replication.isDegraded { fields["degraded"] = .bool(value) }
            object["replication"] = .object(fields)
        }
        if let storage = health.storage {
            object["storage"] = [
                "freeBytes": .integer(storage.freeBytes), "floorBytes": .integer(storage.floorBytes),
                "full": .bool(storage.isFull),
            ]
        }
        if health.hasBackupDirectory {
            object["backup"] = health.lastBackupAt.map { lastAt -> JSONValue in
                ["lastAt": Timestamp.json(lastAt), "ageSeconds": .integer(max(0, now - lastAt) / 1000)]
            } ?? .null
        } else {
            object["backup"] = .null
        }
        return .object(object)
    }
}
