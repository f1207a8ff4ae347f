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
        read(request, context, responder) { _, database in
            let checks = try LedgerAudit.run(in: database)
            return ["ok": .bool(checks.allSatisfy(\.passed)), "checks": .array(checks.map(AdminJSON.check))]
        }
    }

    func marketMaker(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        read(request, context, responder) { _, database in
            AdminJSON.marketMaker(try services.market.marketMakerOverview(in: database))
        }
    }

    /// Body `{"resource","quantity"}`: `resource` is `gold` or a market resource, `quantity` 1 to 10^9; the
    /// treasury pays (409 `treasury_short` when it cannot). Answers the overview after the top-up.
    func topUpMarketMaker(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        act(request, context, responder) { admitted in
            let body = try environment.body(request, allowing: ["resource", "quantity"])
            let names = [Asset.gold.rawValue] + MarketResource.allCases.sorted().map(\.rawValue)
            let name = try body.choice("resource", among: names)
            let quantity = try body.integer("quantity", range: 1...MarketMaker.maxTopUpQuantity)
            guard let asset = Asset(rawValue: name) else {
                throw APIRequestError.invalidField(name: "resource", expected: RequestBody.describe(names))
            }
            services.market.topUpMarketMaker(asset, quantity: quantity, by: admitted.actor,
                                             completion: answer(responder, context, AdminJSON.marketMaker))
        }
    }

    /// The resource economy's schedule(s) and its newest runs (the objects of `GET /api/resource-runs`).
    func resourceRuns(_ request: HTTPRequest, _ context: RequestContext, _ responder: Responder) {
        read(request, context, responder, query: ["limit"]) { admitted, database in
            let limit = min(100, try Self.limit(admitted.query))
            let kinds: Set<String> = [SeedSchedules.scheduleResourceUpdates, SeedSchedules.checkExpansionNeeds]
            return [
                "schedules": .array(try ScheduleOverview.all(in: database).filter { kinds.contains($0.kind) }
                    .map(AdminJSON.schedule)),
                "runs": .array(try ResourceRuns.list(limit: limit, in: database).map(ResourceJSON.run)),
            ]
        }
    }
}
