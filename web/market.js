// market.js: the marketplace view (when the server has it): land listings with buy, the order book of one
// resource, placing and cancelling limit orders, and recent trades. Live on `market:{resource}`; polls otherwise.

import { get, post, del, el, describeError, formatTime } from "./api.js";

const RESOURCES = ["wheat", "oil", "ore"];

export class MarketView {
  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.resource = "wheat";
    this.available = null;
    this.unlisten = null;
    this.message = root.querySelector("#market-message");
    root.querySelector("#market-resource").addEventListener("change", (e) => { this.resource = e.target.value; this.follow(); this.refresh(); });
    root.querySelector("#order-form").addEventListener("submit", (e) => { e.preventDefault(); this.placeOrder(e.target); });
    root.querySelector("#listing-form").addEventListener("submit", (e) => { e.preventDefault(); this.createListing(e.target); });
    setInterval(() => { if (this.visible && this.available && !(this.app.socket && this.app.socket.isLive)) this.refresh(); }, 5000);
  }

  async start() { this.follow(); await this.refresh(); }

  stop() { if (this.unlisten) { this.unlisten(); this.unlisten = null; } }

  follow() {
    this.stop();
    if (this.app.socket) this.unlisten = this.app.socket.listen(`market:${this.resource}`, () => this.refresh());
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
      this.renderListings(listings.listings || []);
      this.renderOrders(orders.orders || []);
    } catch (error) {
      if (error.routeMissing) {
        this.available = false;
        status.textContent = "The marketplace is not available on this server.";
        this.root.querySelector("#market-body").hidden = true;
      } else status.textContent = `Could not load the market: ${describeError(error)}`;
      status.hidden = false;
    }
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
    this.root.querySelector("#listings").replaceChildren(open.length
      ? el("ul", {}, open.map((l) => el("li", {},
        `Square #${l.squareId}: ${l.currentPrice} gold (${l.pricing}${l.pricing === "declining" ? `, floor ${l.floorPrice}` : ""}) `,
        el("button", { type: "button", class: "link", onclick: () => this.app.showSquare(l.squareId) }, "map"), " ",
        me && l.sellerId === me.id
          ? el("button", { type: "button", onclick: () => this.cancelListing(l.id), "aria-label": `Cancel listing ${l.id}` }, "Cancel")
          : el("button", { type: "button", onclick: () => this.buy(l.id), "aria-label": `Buy square ${l.squareId} for ${l.currentPrice} gold` }, "Buy"))))
      : el("p", {}, "No land for sale right now."));
  }

  async act(promise, done) {
    try {
      await promise;
      this.say(done, "ok");
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
    this.act(post("/api/marketplace/orders", body), `Order placed: ${body.side} ${body.quantity} ${body.resource} at ${body.price}.`);
  }

  cancelOrder(id) { this.act(del(`/api/marketplace/orders/${id}`), `Order #${id} cancelled.`); }
  buy(id) { this.act(post(`/api/marketplace/listings/${id}/buy`, {}), `Listing #${id} bought.`); }
  cancelListing(id) { this.act(del(`/api/marketplace/listings/${id}`), `Listing #${id} cancelled.`); }

  createListing(form) {
    const f = form.elements;
    const body = { squareId: Number(f.squareId.value), price: Number(f.listPrice.value) };
    this.act(post("/api/marketplace/listings", body), `Square #${body.squareId} listed for ${body.price} gold.`);
  }
}

export { RESOURCES };
