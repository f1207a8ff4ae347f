import HTTP

/// Every HTTP route a node serves, on either listener, in registration order: the single table from which both
/// listeners' routers (`register(in:listener:handlers:)`) and the OpenAPI document's `paths` and
/// `x-internal-listener.paths` (`OpenAPIDocument.operations`, `OpenAPIDocument.internalOperations`) are built.
///
/// The web client's static pages (`/`, `/app.js`, ...) are not API and are not in the table: the App serves them
/// from its embedded files. Built once; handlers run on the event loops.
public enum RouteTable {
    /// The table. Within one path, the order of its methods is the order of the `Allow` header of a 405.
    public static let routes: [Route] = [
        // The probes (both listeners) and the internal listener's `/metrics`.
        Route(.get, "/health", on: .both) { $0.system?.health },
        Route(.get, "/ready", on: .both) { $0.system?.ready },
        Route(.get, "/metrics", on: .internalNetwork) { $0.system?.metrics },

        // Players and the world.
        Route(.post, "/api/auth/register", on: .api) { $0.game?.auth.register },
        Route(.post, "/api/auth/login", on: .api) { $0.game?.auth.login },
        Route(.get, "/api/me", on: .api) { $0.game?.world.me },
        Route(.get, "/api/land-squares", on: .api) { $0.game?.world.landSquares },
        Route(.get, "/api/land-squares/{id}", on: .api) { $0.game?.world.landSquare },
        Route(.get, "/api/regions", on: .api) { $0.game?.world.regions },
        Route(.get, "/api/admin/ledger", on: .api) { $0.game?.world.ledgerSummary },
        Route(.get, "/api/me/ledger", on: .api) { $0.game?.me.ledger },
        Route(.get, "/api/me/squares", on: .api) { $0.game?.me.squares },
        Route(.post, "/api/me/password", on: .api) { $0.game?.profile.changePassword },
        Route(.post, "/api/me/sessions/revoke", on: .api) { $0.game?.profile.revokeSessions },

        // Auctions.
        Route(.get, "/api/auctions", on: .api) { $0.game?.auctions.list },
        Route(.get, "/api/auctions/{id}", on: .api) { $0.game?.auctions.show },
        Route(.post, "/api/auctions/{auctionId}/bid", on: .api) { $0.game?.auctions.bid },
        Route(.post, "/api/admin/auctions", on: .api) { $0.game?.auctions.create },
        Route(.post, "/api/land-squares/{id}/auctions", on: .api) { $0.game?.auctions.createOwned },

        // Resources: merges, upgrades, production runs.
        Route(.post, "/api/merges", on: .api) { $0.game?.resources.merge },
        Route(.post, "/api/land-squares/{id}/upgrades", on: .api) { $0.game?.resources.upgrade },
        Route(.get, "/api/resource-runs", on: .api) { $0.game?.resources.runs },

        // What the web client needs besides the game state, and this document.
        Route(.get, "/api/rules", on: .api) { $0.game?.rules },
        Route(.get, "/api/players", on: .api) { $0.game?.clientInfo.players },
        Route(.get, "/api/openapi.json", on: .api) { $0.game?.openAPIDocument },

        // The operators' console (admin role; every action audited).
        Route(.get, "/api/admin/health", on: .api) { $0.admin?.health },
        Route(.get, "/api/admin/schedules", on: .api) { $0.admin?.schedules },
        Route(.get, "/api/admin/jobs", on: .api) { $0.admin?.jobs },
        Route(.post, "/api/admin/jobs/{jobId}/retry", on: .api) { $0.admin?.retryJob },
        Route(.post, "/api/admin/jobs/{jobId}/cancel", on: .api) { $0.admin?.cancelJob },
        Route(.post, "/api/admin/auctions/{auctionId}/cancel", on: .api) { $0.admin?.cancelAuction },
        Route(.get, "/api/admin/auctions/{auctionId}/bids", on: .api) { $0.admin?.auctionBids },
        Route(.get, "/api/admin/players", on: .api) { $0.admin?.searchPlayers },
        Route(.get, "/api/admin/players/{playerId}", on: .api) { $0.admin?.playerDetail },
        Route(.post, "/api/admin/players/{playerId}/suspend", on: .api) { $0.admin?.suspendPlayer },
        Route(.post, "/api/admin/players/{playerId}/reinstate", on: .api) { $0.admin?.reinstatePlayer },
        Route(.get, "/api/admin/verify", on: .api) { $0.admin?.verify },
        Route(.get, "/api/admin/market-maker", on: .api) { $0.admin?.marketMaker },
        Route(.post, "/api/admin/market-maker/top-up", on: .api) { $0.admin?.topUpMarketMaker },
        Route(.get, "/api/admin/resource-runs", on: .api) { $0.admin?.resourceRuns },
        Route(.get, "/api/admin/audit", on: .api) { $0.admin?.audit },

        // The marketplace.
        Route(.get, "/api/marketplace/listings", on: .api) { $0.market?.listings },
        Route(.post, "/api/marketplace/listings", on: .api) { $0.market?.createListing },
        Route(.post, "/api/marketplace/listings/{id}/buy", on: .api) { $0.market?.buyListing },
        Route(.delete, "/api/marketplace/listings/{id}", on: .api) { $0.market?.cancelListing },
        Route(.get, "/api/marketplace/orders", on: .api) { $0.market?.openOrders },
        Route(.post, "/api/marketplace/orders", on: .api) { $0.market?.placeOrder },
        Route(.delete, "/api/marketplace/orders/{id}", on: .api) { $0.market?.cancelOrder },
        Route(.get, "/api/marketplace/book/{resource}", on: .api) { $0.market?.book },
        Route(.get, "/api/marketplace/trades", on: .api) { $0.market?.trades },

        // Replication between the two nodes of a pair (internal listener only).
        Route(.get, "/replication/records", on: .internalNetwork) { $0.replication?.records },
        Route(.post, "/replication/snapshots", on: .internalNetwork) { $0.replication?.createSnapshot },
        Route(.get, "/replication/snapshots/{id}", on: .internalNetwork) { $0.replication?.snapshotRange },
        Route(.delete, "/replication/snapshots/{id}", on: .internalNetwork) { $0.replication?.deleteSnapshot },
        Route(.get, "/replication/status", on: .internalNetwork) { $0.replication?.status },
        Route(.post, "/replication/promote", on: .internalNetwork) { $0.replication?.promote },
        Route(.post, "/replication/switchover", on: .internalNetwork) { $0.replication?.switchover },
        Route(.post, "/replication/handoff", on: .internalNetwork) { $0.replication?.handoff },
    ]

    /// The routes `listener` serves, in table order.
    public static func routes(on listener: RouteListeners) -> [Route] {
        routes.filter { $0.listeners.isSuperset(of: listener) }
    }

    /// Adds to `router` every route of `listener` whose handler `handlers` has, in table order; returns the routes
    /// left out for want of a handler (none when `handlers` is complete for the listener).
    @discardableResult
    public static func register(in router: inout Router, listener: RouteListeners, handlers: RouteHandlers) -> [Route] {
        var missing: [Route] = []
        for route in routes(on: listener) {
            if let handler = route.handler(handlers) {
                router.add(route.method, route.path, handler: handler)
            } else {
                missing.append(route)
            }
        }
        return missing
    }
}
