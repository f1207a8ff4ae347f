import Store

/// One incoming order being matched against the book inside its placing writer command.
///
/// Lives only for that command on the writer thread. `run` takes liquidity until the order is filled or nothing
/// crosses; `finish` rests, fills or cancels the rest and assembles the placement's trades, events and book change.
/// The ledger legs (the taker's escrow, then each fill's payments) are collected and moved together by
/// `Ledger.moveAll`, so an account the legs touch several times (the buyer's escrow) is updated once; they are moved
/// before anything reads a balance or moves money apart (the market maker's quote, a self-trade cancellation, the
/// end). A taker short of its escrow is refused before matching starts (`OrderBook.place`), so nothing is written.
///
/// The taker's row is inserted once, as late as possible: fills against the book only update the resting orders
/// at once and wait (`pendingFills`) for the taker's id, which their trades and legs name. An order that fills or
/// rests is then one INSERT of its final state, not an INSERT as open and an UPDATE: a filled order never enters
/// the four partial indexes of open orders (the UPDATE deleted the three entries the INSERT had just made; together
/// about 20k instructions and three pages per matching order). The market maker's quote and a self-trade
/// cancellation insert the taker first, as the rules need every leg moved before them; the row, the trades, the
/// legs, their order and the events are those of inserting first.
struct OrderMatcher {
    var taker: MarketOrder
    let configuration: MarketConfiguration
    let now: Int64
    /// The command's ledger accounts: every leg of the placement moves through them.
    let accounts: LedgerAccounts
    let transaction: Transaction
    var trades: [MarketTrade] = []
    var selfTradeCancellations: [Int64] = []
    var events: [DomainEvent] = []
    var bookDelta = BookDelta()
    let makerID: Int64?
    /// Legs not moved yet.
    private var pendingLegs: [LedgerLeg] = []
    /// Fills against the book made before the taker's row exists, in order: each resting order after its fill, the
    /// price and the quantity. Their trades, legs and events are written by `insertTaker`.
    private var pendingFills: [(resting: MarketOrder, price: Int64, quantity: Int64)] = []
    /// The taker's `remaining` as its row was inserted; nil until `insertTaker`.
    private var insertedRemaining: Int64?

    /// - Parameter taker: the incoming order before matching, not inserted yet (its id is ignored).
    init(taker: MarketOrder, configuration: MarketConfiguration, now: Int64, accounts: LedgerAccounts,
         transaction: Transaction) throws(MarketError) {
        self.taker = taker
        self.configuration = configuration
        self.now = now
        self.accounts = accounts
        self.transaction = transaction
        makerID = configuration.marketMaker.isEnabled ? try MarketMaker.playerID(in: transaction) : nil
    }

    /// Takes liquidity, best price first; at equal prices book orders go before the market maker's quote.
    mutating func run() throws(MarketError) {
        while taker.remaining > 0 {
            let resting = try OrderBook.bestResting(taker.resource, side: taker.side.opposite, crossing: taker.price,
                                                    in: transaction)
            let quote = try makerQuote()
            if let resting, quote.map({ isAtLeastAsGood(resting.price, as: $0.price) }) ?? true {
                if resting.playerID == taker.playerID {
                    try cancelSelfTrade(resting)
                } else {
                    try fill(against: resting)
                }
            } else if let quote {
                try fillWithMarketMaker(price: quote.price, capacity: quote.capacity)
            } else {
                break
            }
        }
    }

    /// Inserts the taker's row as it stands (unless done), then its escrow leg and the pending fills' trades, legs
    /// and events, in the order inserting first gives.
    private mutating func insertTaker() throws(MarketError) {
        guard insertedRemaining == nil else { return }
        let escrow = MarketOrder.escrow(side: taker.side, price: taker.price, remaining: taker.quantity)
        taker.id = try OrderBook.insert(taker, in: transaction)
        insertedRemaining = taker.remaining
        let asset = taker.side == .buy ? Asset.gold : taker.resource.asset
        // The first leg: nothing was recorded before the taker's row.
        pendingLegs.append(LedgerLeg(escrow, asset, from: .player(taker.playerID, .available),
                                     to: .player(taker.playerID, .escrow), reason: .marketEscrow,
                                     reference: "order:\(taker.id)"))
        let fills = pendingFills
        pendingFills = []
        for fill in fills { try record(fill.quantity, at: fill.price, against: fill.resting) }
    }

    /// Moves the pending legs (inserting the taker first: they name it).
    private mutating func moveLegs() throws(MarketError) {
        try insertTaker()
        guard !pendingLegs.isEmpty else { return }
        let legs = pendingLegs
        pendingLegs = []
        try OrderBook.moveAll(legs, now: now, accounts: accounts)
    }

    /// Whether a resting price is at least as good for the taker as `other`.
    private func isAtLeastAsGood(_ price: Int64, as other: Int64) -> Bool {
        taker.side == .buy ? price <= other : price >= other
    }

    /// The market maker's crossing quote for the taker and how many units it can trade now (cap and its balances),
    /// or nil when it cannot trade.
    private mutating func makerQuote() throws(MarketError) -> (price: Int64, capacity: Int64)? {
        guard let makerID, makerID != taker.playerID,
              let quote = configuration.marketMaker.quotes[taker.resource] else { return nil }
        let price = taker.side == .buy ? quote.sellPrice : quote.buyPrice
        guard isAtLeastAsGood(price, as: taker.price) else { return nil }
        let cap = try MarketMaker.remainingCap(
            playerID: taker.playerID, resource: taker.resource, side: taker.side, now: now,
            cap: configuration.marketMaker.dailyCapPerPlayer, in: transaction)
        guard cap > 0 else { return nil }
        // The maker's balances are read below: every leg so far must be in them.
        try moveLegs()
        let inventory: Int64
        if taker.side == .buy {
            inventory = try OrderBook.account(makerID, .available, taker.resource.asset, in: transaction).balance
        } else {
            inventory = try OrderBook.account(makerID, .available, .gold, in: transaction).balance / price
        }
        let capacity = min(cap, inventory)
        return capacity > 0 ? (price, capacity) : nil
    }

    /// Executes against a resting order of another player at the resting price: the resting order is written at
    /// once (the next best-order read must not find it again); the trade, the legs and the events are recorded now
    /// when the taker's row exists, else by `insertTaker`.
    private mutating func fill(against resting: MarketOrder) throws(MarketError) {
        var resting = resting
        let quantity = min(taker.remaining, resting.remaining)
        let price = resting.price
        reduce(&taker, by: quantity)
        reduce(&resting, by: quantity)
        try OrderBook.save(resting, now: now, in: transaction)
        bookDelta.add(resting.resource, resting.side, orders: resting.status == .filled ? -1 : 0, units: -quantity)
        if insertedRemaining == nil {
            pendingFills.append((resting, price, quantity))
        } else {
            try record(quantity, at: price, against: resting)
        }
    }

    /// The trade, the legs and the events of a fill of `quantity` at `price` against `resting` (as the fill left it).
    private mutating func record(_ quantity: Int64, at price: Int64, against resting: MarketOrder) throws(MarketError) {
        let (buy, sell) = taker.side == .buy ? (taker, resting) : (resting, taker)
        let trade = try recordTrade(price: price, quantity: quantity, buyerID: buy.playerID, sellerID: sell.playerID,
                                    buyOrderID: buy.id, sellOrderID: sell.id)
        let gold = price * quantity
        let buyerEscrow = LedgerAccountKey.player(buy.playerID, .escrow)
        let reference = "order:\(buy.id)"
        pendingLegs += [
            LedgerLeg(gold - trade.fee, .gold, from: buyerEscrow, to: .player(sell.playerID, .available),
                      reason: .marketTrade, reference: reference),
            LedgerLeg(trade.fee, .gold, from: buyerEscrow, to: .system(.fees), reason: .marketFee,
                      reference: reference),
            LedgerLeg((buy.price - price) * quantity, .gold, from: buyerEscrow, to: .player(buy.playerID, .available),
                      reason: .marketRelease, reference: reference),
            LedgerLeg(quantity, taker.resource.asset, from: .player(sell.playerID, .escrow),
                      to: .player(buy.playerID, .available), reason: .marketTrade, reference: "order:\(sell.id)"),
        ]
        events.append(MarketEvents.orderUpdated(resting))
        if resting.status == .filled { events.append(MarketEvents.orderClosed(resting)) }
    }

    /// Executes against the market maker's quote: it is the seller (taker buys) or the buyer (taker sells).
    private mutating func fillWithMarketMaker(price: Int64, capacity: Int64) throws(MarketError) {
        guard let makerID else { return }
        let quantity = min(taker.remaining, capacity)
        let isBuy = taker.side == .buy
        let trade = try recordTrade(price: price, quantity: quantity, buyerID: isBuy ? taker.playerID : makerID,
                                    sellerID: isBuy ? makerID : taker.playerID, buyOrderID: isBuy ? taker.id : nil,
                                    sellOrderID: isBuy ? nil : taker.id)
        let gold = price * quantity
        let asset = taker.resource.asset
        let fees = LedgerAccountKey.system(.fees)
        let takerReference = "order:\(taker.id)"
        let makerReference = "trade:\(trade.id)"
        let maker = LedgerAccountKey.player(makerID, .available)
        if isBuy {
            let escrow = LedgerAccountKey.player(taker.playerID, .escrow)
            pendingLegs += [
                LedgerLeg(gold - trade.fee, .gold, from: escrow, to: maker, reason: .marketTrade,
                          reference: takerReference),
                LedgerLeg(trade.fee, .gold, from: escrow, to: fees, reason: .marketFee, reference: takerReference),
                LedgerLeg((taker.price - price) * quantity, .gold, from: escrow,
                          to: .player(taker.playerID, .available), reason: .marketRelease, reference: takerReference),
                LedgerLeg(quantity, asset, from: maker, to: .player(taker.playerID, .available), reason: .marketTrade,
                          reference: makerReference),
            ]
        } else {
            pendingLegs += [
                LedgerLeg(quantity, asset, from: .player(taker.playerID, .escrow), to: maker, reason: .marketTrade,
                          reference: takerReference),
                LedgerLeg(gold - trade.fee, .gold, from: maker, to: .player(taker.playerID, .available),
                          reason: .marketTrade, reference: makerReference),
                LedgerLeg(trade.fee, .gold, from: maker, to: fees, reason: .marketFee, reference: makerReference),
            ]
        }
        try MarketMaker.recordVolume(playerID: taker.playerID, resource: taker.resource, side: taker.side,
                                     quantity: quantity, now: now, in: transaction)
        reduce(&taker, by: quantity)
    }

    /// Self-trade prevention: the taker's own resting order is cancelled (its escrow released) instead of matched.
    private mutating func cancelSelfTrade(_ resting: MarketOrder) throws(MarketError) {
        try moveLegs()
        let closure = try OrderBook.close(resting, as: .cancelled, now: now, accounts: accounts, in: transaction)
        selfTradeCancellations.append(resting.id)
        events += closure.events
        bookDelta.merge(closure.bookDelta)
    }

    private mutating func recordTrade(price: Int64, quantity: Int64, buyerID: Int64, sellerID: Int64,
                                      buyOrderID: Int64?, sellOrderID: Int64?) throws(MarketError) -> MarketTrade {
        let fee = configuration.fee(on: price * quantity)
        try marketSQL { () throws(StoreError) in
            try transaction.run(
                """
                INSERT INTO market_trades (resource, price, quantity, fee, buyer_id, seller_id, buy_order_id,
                    sell_order_id, taker_side, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [taker.resource.rawValue, price, quantity, fee, buyerID, sellerID, buyOrderID, sellOrderID,
                 taker.side.rawValue, now])
        }
        let trade = MarketTrade(id: transaction.lastInsertRowID, resource: taker.resource, price: price,
                                quantity: quantity, fee: fee, buyerID: buyerID, sellerID: sellerID,
                                buyOrderID: buyOrderID, sellOrderID: sellOrderID, takerSide: taker.side, createdAt: now)
        trades.append(trade)
        events.append(MarketEvents.tradeExecuted(trade))
        return trade
    }

    private func reduce(_ order: inout MarketOrder, by quantity: Int64) {
        order.remaining -= quantity
        order.escrow = MarketOrder.escrow(side: order.side, price: order.price, remaining: order.remaining)
        if order.remaining == 0 { order.status = .filled }
        order.updatedAt = now
    }

    /// Rests, fills or cancels what is left of the taker and returns the placement.
    mutating func finish() throws(MarketError) -> OrderPlacement {
        try moveLegs()
        if taker.remaining > 0 && taker.isImmediateOrCancel {
            let closure = try OrderBook.close(taker, as: .cancelled, now: now, accounts: accounts,
                                              in: transaction, isResting: false)
            taker = closure.orders.first ?? taker
            events += closure.events.filter { $0.type != MarketEvents.orderClosedType }
        } else {
            // A taker inserted by `moveLegs` above is already as it stands, unless it traded after an earlier insert.
            if taker.remaining != insertedRemaining { try OrderBook.save(taker, now: now, in: transaction) }
            events.append(MarketEvents.orderUpdated(taker))
            if taker.status == .open {
                bookDelta.add(taker.resource, taker.side, orders: 1, units: taker.remaining)
                events.append(MarketEvents.orderOpened(taker))
            }
        }
        return OrderPlacement(order: taker, trades: trades, selfTradeCancellations: selfTradeCancellations,
                              events: events, bookDelta: bookDelta)
    }
}
