// auctions.js: the auctions view. Lists open and recently closed auctions with live countdowns, shows one
// auction with its bid form, and keeps everything current from the socket (`auctions`, `auction:{id}`,
// `player:me`), falling back to polling while the live connection is down. Sealed auctions show only your bid.
// Cards say what the squares hold; bidders and winners are named; the bid message is one line that a later outbid
// replaces (never "accepted" under "outbid").

import { get, post, el, describeError, toMillis, formatDuration, formatTime } from "./api.js";

const OPEN = new Set(["scheduled", "in-progress"]);

export class AuctionsView {
  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.list = root.querySelector("#auction-list");
    this.detail = root.querySelector("#auction-detail");
    this.status = root.querySelector("#auctions-status");
    this.auctions = new Map(); // id -> auction
    this.selectedId = null;
    this.available = null;     // null unknown, true, false (route missing)
    this.unlisteners = new Map(); // topic -> unlisten
    this.messages = new Map(); // auctionId -> {kind, text, amount}: the one line under the bid form
    this.personal = new Set(); // auction ids a player:me event spoke about (no second toast at settlement)
    app.on("player-event", (event) => this.onPlayerEvent(event));
    app.on("names-changed", () => this.render());
    app.on("squares-changed", () => this.renderCardsSoon());
    setInterval(() => this.tick(), 1000);
  }

  async start() {
    await this.reload();
    this.follow("auctions", (event) => this.onAuctionsEvent(event));
  }

  renderCardsSoon() {
    if (this.cardsQueued) return;
    this.cardsQueued = true;
    setTimeout(() => { this.cardsQueued = false; this.render(); }, 50);
  }

  stop() {
    for (const unlisten of this.unlisteners.values()) unlisten();
    this.unlisteners.clear();
  }

  follow(topic, fn) {
    if (this.unlisteners.has(topic) || !this.app.socket) return;
    this.unlisteners.set(topic, this.app.socket.listen(topic, fn));
  }

  unfollow(topic) {
    const unlisten = this.unlisteners.get(topic);
    if (unlisten) { unlisten(); this.unlisteners.delete(topic); }
  }

  async reload() {
    try {
      const [open, closed] = await Promise.all([get("/api/auctions?status=open"), get("/api/auctions?status=closed")]);
      this.available = true;
      const fresh = [...(open.auctions || []), ...(closed.auctions || [])];
      const ids = new Set(fresh.map((a) => a.id));
      for (const id of [...this.auctions.keys()]) {
        if (!ids.has(id)) { this.auctions.delete(id); this.unfollow(`auction:${id}`); }
      }
      for (const auction of fresh) this.store(auction);
      this.setStatus("");
    } catch (error) {
      if (error.routeMissing) {
        this.available = false;
        this.setStatus("Auctions are not available on this server.");
      } else this.setStatus(`Could not load auctions: ${describeError(error)}`);
    }
    this.render();
  }

  store(auction) {
    const before = this.auctions.get(auction.id);
    this.auctions.set(auction.id, auction);
    if (before && OPEN.has(before.status) && !OPEN.has(auction.status)) this.onSettled(auction);
    this.checkOutbid(auction);
    this.app.map && (this.app.map.auctionSquares = this.openSquareIds());
  }

  /** Follows `auction:{id}` for the selected auction and the soonest-ending open ones (the gateway bounds topics per
   * connection at 64; the rest refresh from the `auctions` topic and a periodic reload). */
  syncFollows() {
    const open = [...this.auctions.values()].filter((a) => OPEN.has(a.status))
      .sort((a, b) => toMillis(a.endTime) - toMillis(b.endTime)).slice(0, 24).map((a) => a.id);
    const selected = this.auctions.get(this.selectedId);
    if (selected && OPEN.has(selected.status) && !open.includes(selected.id)) open.push(selected.id);
    const wanted = new Set(open.map((id) => `auction:${id}`));
    for (const topic of [...this.unlisteners.keys()]) {
      if (topic.startsWith("auction:") && !wanted.has(topic)) this.unfollow(topic);
    }
    for (const id of open) this.follow(`auction:${id}`, (event) => this.onAuctionEvent(id, event));
  }

  openSquareIds() {
    const ids = new Set();
    for (const a of this.auctions.values()) if (OPEN.has(a.status)) for (const id of a.landSquares) ids.add(id);
    return ids;
  }

  auctionForSquare(squareId) {
    let found = null;
    for (const a of this.auctions.values()) {
      if (a.landSquares.includes(squareId) && (!found || OPEN.has(a.status) && !OPEN.has(found.status) || a.id > found.id && OPEN.has(a.status) === OPEN.has(found.status))) found = a;
    }
    return found;
  }

  async fetchOne(id) {
    try {
      this.store(await get(`/api/auctions/${id}`));
    } catch (error) {
      if (!error.routeMissing) this.setStatus(`Could not refresh auction #${id}: ${describeError(error)}`);
    }
    this.render();
  }

  onAuctionsEvent(event) {
    const id = event.data.auctionId ?? event.data.id;
    if (id != null) this.fetchOne(id);
  }

  onAuctionEvent(id, event) {
    const auction = this.auctions.get(id);
    if (!auction) { this.fetchOne(id); return; }
    const d = event.data;
    if (event.type === "bid_placed") {
      if (d.highBid !== undefined && d.highBid !== null) auction.highBid = d.highBid;
      if (d.highBidderId !== undefined && d.highBidderId !== null) auction.highBidderId = d.highBidderId;
      if (d.bidderCount !== undefined) auction.bidderCount = d.bidderCount;
      if (d.endTime !== undefined) auction.endTime = d.endTime;
      if (auction.status === "scheduled") auction.status = "in-progress";
      const me = this.app.player;
      if (me && auction.myBid && auction.myBid.status === "standing" && !auction.isSealed && auction.highBidderId !== me.id) {
        auction.myBid = { ...auction.myBid, status: "outbid" };
      }
      this.checkOutbid(auction);
      this.render();
    } else this.fetchOne(id);
  }

  /** `player:me` (through the app): outbid replaces the "accepted" line; results refresh the auction. */
  onPlayerEvent(event) {
    const d = event.data || {};
    if (d.auctionId == null) return;
    if (event.type === "bid_outbid") {
      this.setMessage(d.auctionId, "error", `You were outbid: your bid of ${d.amount} gold was released. Bid again to stay in.`, d.amount);
    } else if (event.type !== "bid_accepted") this.personal.add(d.auctionId);
    this.fetchOne(d.auctionId);
  }

  setMessage(id, kind, text, amount = null) {
    this.messages.set(id, { kind, text, amount });
    if (id === this.selectedId) this.renderMessage(this.auctions.get(id));
  }

  /** An open auction whose high bid is someone else's and above the bid we said was accepted: say outbid instead. */
  checkOutbid(a) {
    const me = this.app.player;
    const message = this.messages.get(a.id);
    if (!me || !message || message.kind !== "ok" || a.isSealed) return;
    if (a.highBidderId != null && a.highBidderId !== me.id && a.highBid != null && a.highBid >= (message.amount ?? 0)) {
      const bidder = a.highBidderId, high = a.highBid;
      this.messages.set(a.id, { kind: "error", amount: message.amount,
        text: () => `You were outbid: ${this.app.playerName(bidder)} bid ${high} gold. Your ${message.amount} gold is free again.` });
    }
  }

  onSettled(auction) {
    const me = this.app.player;
    this.messages.delete(auction.id);
    // A player:me event (won, lost, sold...) says it to those concerned; others get the public result.
    setTimeout(() => {
      if (this.personal.has(auction.id)) return;
      let text;
      if (auction.status === "completed" && auction.winner != null) {
        text = me && auction.winner === me.id
          ? `You won auction #${auction.id} for ${auction.finalPrice} gold.`
          : `Auction #${auction.id} was won by ${this.app.playerName(auction.winner)} for ${auction.finalPrice} gold.`;
      } else text = `Auction #${auction.id} ended ${auction.status === "completed" ? "without a winner" : auction.status}.`;
      this.app.toast(text);
    }, 1500);
    if (this.app.map) this.app.map.refreshSquares(auction.landSquares);
    if (this.app.account) this.app.account.refresh();
  }

  /** Every second: countdowns; while the socket is down, poll; after an end time, ask until the result arrives. */
  tick() {
    if (this.available === false || !this.app.player) return;
    const now = Date.now();
    for (const node of this.root.querySelectorAll("[data-countdown]")) {
      const end = Number(node.dataset.countdown);
      node.textContent = end - now > 0 ? formatDuration(end - now) : "ending…";
    }
    this.pollCounter = (this.pollCounter || 0) + 1;
    const live = this.app.socket && this.app.socket.isLive;
    if (!live && this.pollCounter % 3 === 0) { this.reload(); return; }
    for (const a of this.auctions.values()) {
      if (OPEN.has(a.status) && toMillis(a.endTime) < now - 500 && this.pollCounter % 2 === 0) this.fetchOne(a.id);
    }
    const selected = this.auctions.get(this.selectedId);
    if (live && selected && OPEN.has(selected.status) && this.pollCounter % 10 === 0) this.fetchOne(selected.id);
    if (live && this.pollCounter % 30 === 0) this.reload();
  }

  setStatus(text) { this.status.textContent = text; this.status.hidden = !text; }

  render() {
    const all = [...this.auctions.values()];
    const open = all.filter((a) => OPEN.has(a.status)).sort((a, b) => toMillis(a.endTime) - toMillis(b.endTime));
    const closed = all.filter((a) => !OPEN.has(a.status)).sort((a, b) => b.id - a.id).slice(0, 20);
    this.list.replaceChildren(
      el("h3", {}, `Open auctions (${open.length})`),
      open.length ? el("ul", { class: "cards" }, open.map((a) => this.card(a))) : el("p", {}, this.available === false ? "—" : "No open auctions right now."),
      el("h3", {}, "Recently closed"),
      closed.length ? el("ul", { class: "cards" }, closed.map((a) => this.card(a))) : el("p", {}, "None yet."),
    );
    this.renderDetail();
    this.syncFollows();
    if (this.app.map) { this.app.map.auctionSquares = this.openSquareIds(); this.app.map.requestDraw(); }
  }

  priceText(a) {
    if (a.isSealed && OPEN.has(a.status)) return a.myBid ? `sealed · your bid ${a.myBid.amount}` : "sealed bids";
    if (!OPEN.has(a.status)) return a.finalPrice != null ? `sold for ${a.finalPrice}` : "no sale";
    return a.highBid != null ? `high bid ${a.highBid}` : `reserve ${a.reservePrice}`;
  }

  /** What the auction's squares hold: "Farm level 2 at (3, 4)", "2 squares: farm, mine", or "…" while loading. */
  holdings(a) {
    const map = this.app.map;
    if (!map) return "";
    const parts = a.landSquares.map((id) => map.squareSummary(id));
    if (a.landSquares.length === 1) return parts[0] || "…";
    const kinds = parts.filter(Boolean).map((p) => p.split(" at ")[0]);
    return `${a.landSquares.length} squares${kinds.length ? `: ${kinds.join(", ")}` : ""}`;
  }

  card(a) {
    const squares = a.landSquares.length === 1 ? `square #${a.landSquares[0]}` : `${a.landSquares.length} squares`;
    const holds = this.holdings(a);
    const seller = a.sellerId != null ? ` · sold by ${this.app.playerName(a.sellerId)}` : "";
    return el("li", { class: "card" + (a.id === this.selectedId ? " selected" : ""), "data-auction-id": a.id },
      el("button", { type: "button", class: "card-button", onclick: () => this.select(a.id), "aria-label": `Auction ${a.id}: ${a.auctionType}, ${squares}, ${holds}, ${this.priceText(a)}` },
        el("strong", {}, `#${a.id} ${a.auctionType}`), " · ", squares,
        el("span", { class: "price" }, this.priceText(a)),
        el("span", { class: "holds", "data-field": "holds" }, holds + seller),
        OPEN.has(a.status) ? el("span", { class: "countdown", "data-countdown": toMillis(a.endTime) }, formatDuration(toMillis(a.endTime) - Date.now())) : el("span", { class: "countdown" }, a.status)));
  }

  select(id) {
    this.selectedId = id;
    this.render();
    this.fetchOne(id);
    const heading = this.detail.querySelector("h3");
    if (heading) heading.focus();
  }

  /** Renders the selected auction into stable parts (heading, facts, note, form, links, message) so that the bid
   * form, its typed value and its focus survive live updates: only the facts and the form's hint are redrawn. */
  renderDetail() {
    const a = this.auctions.get(this.selectedId);
    if (!a) { this.detail.replaceChildren(el("p", {}, "Choose an auction to see it and bid.")); return; }
    let parts = this.detail.querySelector(".auction-parts");
    if (!parts || parts.dataset.auctionId !== String(a.id)) {
      parts = el("div", { class: "auction-parts", "data-auction-id": a.id },
        el("h3", { tabindex: "-1" }, `Auction #${a.id}`),
        el("dl", { class: "facts", id: "auction-facts" }),
        el("div", { class: "auction-form" }),
        el("p", { id: "bid-message", role: "alert" }),
        el("p", {}, el("button", { type: "button", class: "link", onclick: () => this.app.showSquare(a.landSquares[0]) }, "Show on the map")));
      this.detail.replaceChildren(parts);
    }
    const isOpen = OPEN.has(a.status);
    parts.querySelector("#auction-facts").replaceChildren(...this.facts(a).flatMap(([k, v]) =>
      [el("dt", {}, k), el("dd", { "data-field": k.toLowerCase().replace(/\s+/g, "-") }, v)]));
    this.renderMessage(a);
    const slot = parts.querySelector(".auction-form");
    const form = slot.querySelector("form");
    if (!isOpen) slot.replaceChildren();
    else if (!form) slot.replaceChildren(this.bidForm(a));
    else this.updateBidForm(form, a);
  }

  /** The one line under the bid form: accepted, refused or outbid, whichever happened last. */
  renderMessage(a) {
    const node = this.detail.querySelector("#bid-message");
    if (!node || !a) return;
    const message = OPEN.has(a.status) ? this.messages.get(a.id) : null;
    node.className = message ? message.kind : "";
    node.textContent = !message ? "" : typeof message.text === "function" ? message.text() : message.text; // names load late
  }

  facts(a) {
    const me = this.app.player;
    const isOpen = OPEN.has(a.status);
    const end = toMillis(a.endTime);
    const rows = [
      ["Type", `${a.auctionType}${a.isSealed ? " (sealed: bids stay secret until it ends)" : ""}`],
      ["Status", a.status],
      ["Squares", a.landSquares.map((id) => `#${id}`).join(", ")],
      ["Holds", a.landSquares.map((id) => (this.app.map && this.app.map.squareSummary(id)) || `#${id}`).join("; ")],
      ["Ends", isOpen ? [el("span", { "data-countdown": end }, formatDuration(end - Date.now())), ` (${formatTime(end)})`] : formatTime(end)],
      ["Reserve", `${a.reservePrice} gold`],
    ];
    if (a.sellerId != null) rows.push(["Seller", this.app.playerName(a.sellerId, "you (your own square)")]);
    if (!a.isSealed || !isOpen) {
      rows.push(["High bid", a.highBid != null ? `${a.highBid} gold${me && a.highBidderId === me.id ? " (yours)" : a.highBidderId != null ? ` by ${this.app.playerName(a.highBidderId)}` : ""}` : "no bids yet"]);
    }
    rows.push(["Bidders", String(a.bidderCount ?? 0)]);
    rows.push(["Your bid", a.myBid ? `${a.myBid.amount} gold (${a.myBid.status})` : "none"]);
    if (!isOpen) {
      const winner = a.winner == null ? "no winner" : this.app.playerName(a.winner);
      rows.push(["Result", a.status === "completed" && a.winner != null ? `won by ${winner} for ${a.finalPrice} gold` : `${a.status}, ${winner}`]);
    }
    return rows;
  }

  minimumBid(a) {
    if (a.isSealed) return Math.max(1, a.reservePrice);
    return a.highBid != null ? a.highBid + (a.minIncrement || 1) : Math.max(1, a.reservePrice);
  }

  /** Keeps what the player typed; follows the minimum while they have not typed. */
  updateBidForm(form, a) {
    const minimum = this.minimumBid(a);
    const input = form.querySelector("#bid-amount");
    if (!input.dataset.dirty) input.value = minimum;
    form.querySelector("#bid-hint").textContent = a.isSealed ? `Sealed: only you see your bid. Reserve ${a.reservePrice}.` : `At least ${minimum} gold.`;
  }

  bidForm(a) {
    const minimum = this.minimumBid(a);
    const input = el("input", { id: "bid-amount", name: "amount", type: "number", min: 1, step: 1, required: true, inputmode: "numeric", value: minimum, "aria-describedby": "bid-hint" });
    input.addEventListener("input", () => { input.dataset.dirty = "1"; });
    const form = el("form", { class: "bid-form", "aria-label": `Bid on auction ${a.id}`, "data-auction-id": a.id },
      el("label", { for: "bid-amount" }, "Your bid (gold)"), input,
      el("button", { type: "submit" }, "Place bid"),
      el("small", { id: "bid-hint" }, a.isSealed ? `Sealed: only you see your bid. Reserve ${a.reservePrice}.` : `At least ${minimum} gold.`));
    form.addEventListener("submit", (e) => { e.preventDefault(); this.placeBid(a.id, input.value, form); });
    return form;
  }

  async placeBid(id, value, form) {
    const amount = Number(value);
    if (!Number.isInteger(amount) || amount < 1) {
      this.setMessage(id, "error", "Enter a whole number of gold, at least 1.");
      return;
    }
    const button = form.querySelector("button");
    button.disabled = true;
    try {
      await post(`/api/auctions/${id}/bid`, { amount });
      this.messages.set(id, { kind: "ok", text: `Your bid of ${amount} gold was accepted.`, amount });
      await this.fetchOne(id);
      const input = form.querySelector("#bid-amount");
      if (input) { delete input.dataset.dirty; this.renderDetail(); }
      if (this.app.account) this.app.account.refresh();
    } catch (error) {
      this.messages.set(id, { kind: "error", text: `Bid refused: ${describeError(error)}` });
      await this.fetchOne(id);
    } finally {
      button.disabled = false;
    }
  }
}
