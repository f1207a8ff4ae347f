import Engine
import Game
import HTTP
import Jobs

/// `GET /api/admin/verify`, `GET /api/admin/market-maker`, `POST /api/admin/market-maker/top-up` and
/// `GET /api/admin/resource-runs`.
extension AdminHandlers {
    /// The `worldgame verify` checks, run live in one read transaction of the loop's reader (a WAL snapshot; the
    /// writer goes on meanwhile).
    func verify(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try admit(request, context)
            _ = try QueryParameters(request, allowed: [])
            let checks = try environment.readers.reader(context.loopIndex).read { database in
                try LedgerAudit.run(in: database)
            }
            return APIResponses.json([
                "ok": .bool(checks.allSatisfy(\.passed)), "checks": .array(checks.map(AdminJSON.check)),
            ])
        }
    }

    func marketMaker(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try admit(request, context)
            _ = try QueryParameters(request, allowed: [])
            let market = services.market
            let overview = try environment.readers.reader(context.loopIndex).read { database in
                try market.marketMakerOverview(in: database)
            }
            return APIResponses.json(AdminJSON.marketMaker(overview))
        }
    }

    /// Body `{"resource","quantity"}`: `resource` is `gold` or a market resource, `quantity` 1 to 10^9; the
    /// treasury pays (409 `treasury_short` when it cannot). Answers the overview after the top-up.
    func topUpMarketMaker(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            let actor = try admit(request, context)
            _ = try QueryParameters(request, allowed: [])
            let body = try RequestBody(request, allowedFields: ["resource", "quantity"],
                                       limitBytes: environment.configuration.maxBodyBytes)
            let names = [Asset.gold.rawValue] + MarketResource.allCases.sorted().map(\.rawValue)
            let name = try body.choice("resource", among: names)
            let quantity = try body.integer("quantity", range: 1...MarketMaker.maxTopUpQuantity)
            guard let asset = Asset(rawValue: name) else {
                throw APIRequestError.invalidField(name: "resource", expected: RequestBody.describe(names))
            }
            services.market.topUpMarketMaker(asset, quantity: quantity, by: actor,
                                             completion: answer(responder, context, AdminJSON.marketMaker))
            return nil
        }
    }

    /// The resource economy's schedule(s) and its newest runs (the objects of `GET /api/resource-runs`).
    func resourceRuns(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        APIResponses.respond(responder, requestID: context.requestID, logger: environment.logger) {
            _ = try admit(request, context)
            let query = try QueryParameters(request, allowed: ["limit"])
            let limit = min(100, try Self.limit(query))
            let (schedules, runs) = try environment.readers.reader(context.loopIndex).read { database in
                let kinds: Set<String> = [SeedSchedules.scheduleResourceUpdates, SeedSchedules.checkExpansionNeeds]
                return (try ScheduleOverview.all(in: database).filter { kinds.contains($0.kind) },
                        try ResourceRuns.list(limit: limit, in: database))
            }
            return APIResponses.json([
                "schedules": .array(schedules.map(AdminJSON.schedule)), "runs": .array(runs.map(ResourceJSON.run)),
            ])
        }
    }
}
