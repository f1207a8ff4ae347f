// market.js: the marketplace view (when the server has it): what the player holds, land listings with a confirmed
// buy, the order book of one resource, placing and cancelling limit orders (saying whether an order filled at once
// or waits in the book), and recent trades. Live on `market:{resource}` and `market:land`; polls otherwise.

import { get, post, del, el, describeError, formatTime } from "./api.js";

const RESOURCES = ["wheat", "oil", "ore"];

export class MarketView {
  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.resource = "wheat";
    this.available = null;
    this.unlisten = null;
    this.unlistenLand = null;
    this.confirming = null;    // listing id whose buy awaits confirmation
    this.listings = [];
    this.message = root.querySelector("#market-message");
    root.querySelector("#market-resource").addEventListener("change", (e) => { this.resource = e.target.value; this.follow(); this.refresh(); });
    root.querySelector("#order-form").addEventListener("submit", (e) => { e.preventDefault(); this.placeOrder(e.target); });
    root.querySelector("#listing-form").addEventListener("submit", (e) => { e.preventDefault(); this.createListing(e.target); });
    app.on("names-changed", () => this.renderListings(this.listings));
    app.on("balances-changed", () => this.renderHoldings());
    setInterval(() => { if (this.visible && this.available && !(this.app.socket && this.app.socket.isLive)) this.refresh(); }, 5000);
  }

  async start() { this.follow(); await this.refresh(); }

  stop() {
    if (this.unlisten) { this.unlisten(); this.unlisten = null; }
    if (this.unlistenLand) { this.unlistenLand(); this.unlistenLand = null; }
  }

  follow() {
    if (this.unlisten) { this.unlisten(); this.unlisten = null; }
    if (!this.app.socket) return;
    this.unlisten = this.app.socket.listen(`market:${this.resource}`, () => this.refresh());
    if (!this.unlistenLand) this.unlistenLand = this.app.socket.listen("market:land", (event) => this.onLandEvent(event));
  }

  /** A listing opened or closed: show it at once; a sale that concerns the player refreshes their balances. */
  onLandEvent(event) {
    const d = event.data || {};
    const me = this.app.player;
    if (me && (d.sellerId === me.id || d.buyerId === me.id) && this.app.account) this.app.account.refresh();
    if (d.squareId != null && this.app.map) this.app.map.refreshSquares([d.squareId]);
    this.refresh();
  }

  say(text, kind = "error") { this.message.className = kind; this.message.textContent = text; }

  async refresh() {
    const status = this.root.querySelector("#market-status");
    try {
      const [book, trades, listings, orders] = await Promise.all([
        get(`/api/marketplace/book/${this.resource}`),
        get(`/api/marketplace/trades?resource=${this.resource}`).catch(() => ({ trades: [] })),
        get("/api/marketplace/listings").catch(() => ({ listings: [] })),
        get("/api/marketplace/orders").catch(() => ({ orders: [] })),
      ]);
      this.available = true;
      status.hidden = true;
      this.root.querySelector("#market-body").hidden = false;
      this.renderBook(book);
      this.renderTrades(trades.trades || []);
      this.listings = listings.listings || [];
      this.renderListings(this.listings);
      this.renderOrders(orders.orders || []);
      this.renderHoldings();
      this.renderListingChoices();
    } catch (error) {
      if (error.routeMissing) {
        this.available = false;
        status.textContent = "The marketplace is not available on this server.";
        this.root.querySelector("#market-body").hidden = true;
      } else status.textContent = `Could not load the market: ${describeError(error)}`;
      status.hidden = false;
    }
  }

  /** The player's own stock: gold and every resource, available and held in open orders. */
  renderHoldings() {
    const me = this.app.player;
    const box = this.root.querySelector("#market-holdings");
    if (!box || !me || !me.balances) return;
    const escrow = me.escrow || {};
    const item = (asset) => el("li", { "data-asset": asset, class: asset === this.resource ? "current" : "" },
      el("strong", {}, String(me.balances[asset] ?? 0)), ` ${asset}`, escrow[asset] ? ` (+${escrow[asset]} in orders and bids)` : "");
    box.replaceChildren(el("span", {}, "You have: "), el("ul", { class: "inline-list" }, ["gold", ...RESOURCES].map(item)));
  }

  renderBook(book) {
    const table = (title, levels) => el("table", {},
      el("caption", {}, title),
      el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Price"), el("th", { scope: "col" }, "Quantity"), el("th", { scope: "col" }, "Orders"))),
      el("tbody", {}, levels.length ? levels.map((l) => el("tr", {}, el("td", {}, l.price), el("td", {}, l.quantity), el("td", {}, l.orders ?? ""))) : el("tr", {}, el("td", { colspan: 3 }, "empty"))));
    const stable = book.stablePrices ? el("p", {}, `Market maker: buys at ${book.stablePrices.buy}, sells at ${book.stablePrices.sell}.`) : null;
    this.root.querySelector("#book").replaceChildren(table(`Bids (buy ${this.resource})`, book.bids || []), table(`Asks (sell ${this.resource})`, book.asks || []), stable || "");
  }

  renderTrades(trades) {
    this.root.querySelector("#trades").replaceChildren(trades.length
      ? el("ul", {}, trades.slice(0, 15).map((t) => el("li", {}, `${t.quantity} ${t.resource} at ${t.price} (${t.takerSide} taker) · ${formatTime(t.createdAt)}`)))
      : el("p", {}, "No trades yet."));
  }

  renderOrders(orders) {
    const mine = orders.filter((o) => o.status === "open");
    this.root.querySelector("#my-orders").replaceChildren(mine.length
      ? el("ul", {}, mine.map((o) => el("li", {}, `${o.side} ${o.remaining}/${o.quantity} ${o.resource} at ${o.price} (${o.status}) `,
        el("button", { type: "button", onclick: () => this.cancelOrder(o.id), "aria-label": `Cancel order ${o.id}` }, "Cancel"))))
      : el("p", {}, "You have no open orders."));
  }

  renderListings(listings) {
    const me = this.app.player;
    const open = listings.filter((l) => l.status === "open" || l.status === "active");
    const holds = (id) => (this.app.map && this.app.map.squareSummary(id)) || "";
    this.root.querySelector("#listings").replaceChildren(open.length
      ? el("ul", { class: "cards" }, open.map((l) => {
        const mine = me && l.sellerId === me.id;
        const actions = mine
          ? [el("button", { type: "button", onclick: () => this.cancelListing(l.id), "aria-label": `Cancel listing ${l.id}` }, "Cancel")]
          : this.confirming === l.id
            ? [el("span", { class: "confirm-text" }, `Buy square #${l.squareId} for ${l.currentPrice} gold?`), " ",
              el("button", { type: "button", class: "primary", "data-action": "confirm-buy", onclick: () => this.buy(l) }, `Yes, pay ${l.currentPrice} gold`), " ",
              el("button", { type: "button", onclick: () => { this.confirming = null; this.renderListings(this.listings); } }, "No")]
            : [el("button", { type: "button", "data-action": "buy", onclick: () => { this.confirming = l.id; this.renderListings(this.listings); }, "aria-label": `Buy square ${l.squareId} for ${l.currentPrice} gold` }, "Buy…")];
        return el("li", { class: "card listing", "data-listing-id": l.id, "data-square-id": l.squareId },
          el("div", {}, el("strong", {}, `Square #${l.squareId}`), ` · ${holds(l.squareId)}`),
          el("div", {}, el("span", { class: "price" }, `${l.currentPrice} gold`),
            ` (${l.pricing}${l.pricing === "declining" ? `, floor ${l.floorPrice}` : ""}) · sold by ${mine ? "you" : this.app.playerName(l.sellerId)} `,
            el("button", { type: "button", class: "link", onclick: () => this.app.showSquare(l.squareId) }, "map")),
          el("div", { class: "row" }, actions));
      }))
      : el("p", {}, "No land for sale right now."));
  }

  /** The listing form offers the player's own unlocked squares (no typing ids). */
  async renderListingChoices() {
    const select = this.root.querySelector("#listing-square");
    const me = this.app.player;
    if (!select || !me) return;
    let squares = [];
    try { squares = ((await get("/api/me/squares")).squares || []); } catch { squares = this.app.map ? this.app.map.ownedBy(me.id) : []; }
    const free = squares.filter((s) => !s.isLocked);
    const chosen = select.value;
    select.replaceChildren(...(free.length
      ? free.map((s) => el("option", { value: s.id }, `#${s.id} at (${s.x}, ${s.y})${s.resource ? ` · ${s.resource.kind.replace("_", " ")}` : ""}`))
      : [el("option", { value: "" }, squares.length ? "All your squares are listed or in auctions" : "You own no land yet")]));
    if (free.some((s) => String(s.id) === chosen)) select.value = chosen;
    select.disabled = !free.length;
  }

  async act(promise, done) {
    try {
      const result = await promise;
      this.say(typeof done === "function" ? done(result) : done, "ok");
      this.app.account && this.app.account.refresh();
    } catch (error) {
      this.say(describeError(error));
    }
    this.refresh();
  }

  placeOrder(form) {
    const f = form.elements;
    const body = { resource: this.resource, side: f.side.value, price: Number(f.price.value), quantity: Number(f.quantity.value) };
    if (f.ioc.checked) body.immediateOrCancel = true;
    if (!Number.isInteger(body.price) || !Number.isInteger(body.quantity)) { this.say("Price and quantity must be whole numbers."); return; }
    this.act(post("/api/marketplace/orders", body), (result) => describeOrder(body, result));
  }

  cancelOrder(id) { this.act(del(`/api/marketplace/orders/${id}`), `Order #${id} cancelled.`); }

  buy(listing) {
    this.confirming = null;
    this.act(post(`/api/marketplace/listings/${listing.id}/buy`, {}), (r) => {
      const paid = (r && (r.listing || r).soldPrice) ?? listing.currentPrice;
      if (this.app.map) this.app.map.refreshSquares([listing.squareId]);
      return `You bought square #${listing.squareId} for ${paid} gold.`;
    });
  }

  cancelListing(id) { this.act(del(`/api/marketplace/listings/${id}`), `Listing #${id} cancelled.`); }

  createListing(form) {
    const f = form.elements;
    const body = { squareId: Number(f.squareId.value), price: Number(f.listPrice.value) };
    if (!Number.isInteger(body.squareId) || body.squareId < 1) { this.say("Choose one of your squares."); return; }
    this.act(post("/api/marketplace/listings", body), `Square #${body.squareId} listed for ${body.price} gold.`);
  }
}

/** "Order placed" only for an order that waits; say when it filled at once, in part, or not at all (IOC). */
export function describeOrder(body, result) {
  const order = (result && result.order) || {};
  const trades = (result && result.trades) || [];
  const traded = trades.reduce((sum, t) => sum + t.quantity, 0);
  const gold = trades.reduce((sum, t) => sum + t.quantity * t.price, 0);
  const verb = body.side === "buy" ? "bought" : "sold";
  if (order.status === "filled") return `Filled at once: ${verb} ${traded || body.quantity} ${body.resource} for ${gold} gold.`;
  if (traded > 0 && order.status === "open") return `Partly filled at once: ${verb} ${traded} ${body.resource} for ${gold} gold; ${order.remaining} wait in the book at ${body.price}.`;
  if (traded > 0) return `Partly filled: ${verb} ${traded} ${body.resource} for ${gold} gold; the rest was cancelled (immediate or cancel).`;
  if (order.status === "cancelled") return "Nothing matched at that price, so the immediate-or-cancel order was cancelled.";
  return `Order placed: ${body.side} ${body.quantity} ${body.resource} at ${body.price}. It waits in the book until someone matches it.`;
}

export { RESOURCES };
