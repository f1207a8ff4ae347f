// admin-auctions.js: the console's auctions view. Creates an auction (squares picked on the map or typed as ids, any
// registered type, duration, reserve, minimum increment) with POST /api/admin/auctions; lists the open auctions with
// a cancel that asks for a reason (every escrow is released and the bidders are told); and shows an auction's full
// bid list (GET /api/admin/auctions/{id}/bids) after it closes, or while a sealed one runs (a view the server
// records in the audit trail, so the console asks first). Follows the `auctions` topic to stay current.

import { get, post, el, toMillis, formatDuration } from "./api.js";
import { table, statusLine, confirmBox, when } from "./admin-ui.js";

const OPEN = new Set(["scheduled", "in-progress"]);
const SEALED = new Set(["blind", "vickrey"]);
const KNOWN_TYPES = ["open", "blind", "vickrey"];

/** The auctions view. Owned by the page's single thread. */
export class AdminAuctionsView {
  constructor(host, root) {
    this.host = host;
    this.root = root;
    this.picked = new Set();
    this.confirming = null;   // {id, kind: "cancel" | "bids"}
    this.open = [];
    this.closed = [];
    this.unlisten = null;
    this.status = statusLine("admin-auctions-status");
    this.form = this.createForm();
    this.list = el("div", { id: "admin-auction-list" });
    this.bids = el("div", { id: "admin-bids", "aria-live": "polite" });
    root.append(el("h3", {}, "Start an auction"), this.form, this.status, this.list, this.bids);
  }

  createForm() {
    const types = el("datalist", { id: "auction-types" }, KNOWN_TYPES.map((t) => el("option", { value: t })));
    const form = el("form", { id: "admin-auction-form", class: "admin-form", "aria-label": "Start an auction" },
      el("label", { for: "admin-auction-squares" }, "Square ids"),
      el("div", { class: "row" },
        el("input", { id: "admin-auction-squares", name: "squares", required: true, placeholder: "e.g. 12, 13", inputmode: "numeric", "aria-describedby": "admin-auction-squares-hint" }),
        el("button", { type: "button", id: "admin-pick", onclick: () => this.startPicking() }, "Pick on the map")),
      el("small", { id: "admin-auction-squares-hint" }, "Up to 64 unowned, unlocked squares; pick them on the map or type their ids."),
      el("label", { for: "admin-auction-type" }, "Type"),
      el("input", { id: "admin-auction-type", name: "auctionType", list: "auction-types", required: true, value: "open", maxlength: 40, "aria-describedby": "admin-auction-type-hint" }), types,
      el("small", { id: "admin-auction-type-hint" }, "Any type the server has registered: open, blind, vickrey, or another provider's name."),
      el("label", { for: "admin-auction-minutes" }, "Duration (minutes)"),
      el("input", { id: "admin-auction-minutes", name: "minutes", type: "number", min: 1, max: 527040, step: 1, value: 60, required: true, inputmode: "numeric" }),
      el("label", { for: "admin-auction-reserve" }, "Reserve price (gold)"),
      el("input", { id: "admin-auction-reserve", name: "reservePrice", type: "number", min: 0, step: 1, value: 10, required: true, inputmode: "numeric" }),
      el("label", { for: "admin-auction-increment" }, "Minimum increment (gold, optional)"),
      el("input", { id: "admin-auction-increment", name: "minIncrement", type: "number", min: 1, step: 1, inputmode: "numeric" }),
      el("button", { type: "submit" }, "Start auction"));
    form.addEventListener("submit", (e) => { e.preventDefault(); this.create(); });
    return form;
  }

  show() {
    this.load();
    if (!this.unlisten && this.host.app.socket) this.unlisten = this.host.app.socket.listen("auctions", () => this.loadSoon());
  }

  hide() {}
  stop() { if (this.unlisten) { this.unlisten(); this.unlisten = null; } }

  loadSoon() {
    if (this.queued) return;
    this.queued = setTimeout(() => { this.queued = null; if (this.host.visible && this.host.current === "auctions") this.load(); }, 200);
  }

  async load() {
    try {
      const [open, closed] = await Promise.all([get("/api/auctions?status=open"), get("/api/auctions?status=closed")]);
      this.open = (open.auctions || []).sort((a, b) => toMillis(a.endTime) - toMillis(b.endTime));
      this.closed = (closed.auctions || []).sort((a, b) => b.id - a.id).slice(0, 20);
      this.render();
    } catch (error) { this.status.fail("Could not load the auctions", error); }
  }

  render() {
    const names = (ids) => ids.map((id) => `#${id}`).join(", ");
    const openRows = this.open.map((a) => el("tr", { "data-auction-id": a.id }, [
      `#${a.id}`, a.auctionType, names(a.landSquares), a.isSealed ? "sealed" : a.highBid != null ? `${a.highBid} gold` : `reserve ${a.reservePrice}`,
      String(a.bidderCount ?? 0), formatDuration(toMillis(a.endTime) - Date.now()), this.openActions(a),
    ].map((cell) => el("td", {}, cell))));
    const closedRows = this.closed.map((a) => el("tr", { "data-auction-id": a.id }, [
      `#${a.id}`, a.auctionType, names(a.landSquares), a.status,
      a.winner != null ? `${this.host.app.playerName(a.winner)} for ${a.finalPrice} gold` : "no winner", when(a.endTime),
      el("button", { type: "button", "data-action": "bids", "aria-label": `Bid list of auction ${a.id}`, onclick: () => this.showBids(a) }, "Bid list"),
    ].map((cell) => el("td", {}, cell))));
    const confirming = this.confirming && this.open.find((a) => a.id === this.confirming.id);
    this.list.replaceChildren(
      table(`Open auctions (${this.open.length})`, ["Id", "Type", "Squares", "Price", "Bidders", "Ends in", ""], openRows, { id: "admin-open-auctions" }),
      confirming ? this.confirmation(confirming) : "",
      table("Recently closed", ["Id", "Type", "Squares", "Status", "Result", "Ended", ""], closedRows, { id: "admin-closed-auctions" }));
  }

  /** The confirmation under the open auctions' table for the action asked on auction `a`. */
  confirmation(a) {
    const c = this.confirming;
    if (c.kind === "cancel") {
      return confirmBox({ id: `cancel-auction-${a.id}`, question: `Cancel auction #${a.id}? Every bid's escrow goes back to its bidder and the bidders are told.`,
        reason: "Reason (recorded in the audit trail and sent to the bidders)", yes: `Yes, cancel auction #${a.id}`,
        onYes: (reason) => this.cancel(a, reason), onNo: () => { this.confirming = null; this.render(); } });
    }
    return confirmBox({ id: `sealed-bids-${a.id}`, question: `Auction #${a.id} is sealed and still running: looking at its bids is recorded in the audit trail.`,
        yes: "Show the bids", onYes: () => { this.confirming = null; this.render(); this.fetchBids(a); }, onNo: () => { this.confirming = null; this.render(); } });
  }

  openActions(a) {
    return el("div", { class: "row" },
      el("button", { type: "button", class: "danger", "data-action": "cancel", "aria-label": `Cancel auction ${a.id}`,
        onclick: () => { this.confirming = { id: a.id, kind: "cancel" }; this.render(); } }, "Cancel…"),
      el("button", { type: "button", "data-action": "bids", "aria-label": `Bids of auction ${a.id}`, onclick: () => this.showBids(a) }, "Bids"));
  }

  showBids(a) {
    if (OPEN.has(a.status) && (a.isSealed || SEALED.has(a.auctionType))) { this.confirming = { id: a.id, kind: "bids" }; this.render(); return; }
    this.fetchBids(a);
  }

  async fetchBids(a) {
    try {
      const data = await get(`/api/admin/auctions/${a.id}/bids`);
      const rows = (data.bids || []).map((b) => [String(b.id), b.playerName ?? this.host.app.playerName(b.playerId), `${b.amount} gold`, b.status ?? "—", when(b.placedAt)]);
      this.bids.replaceChildren(table(`Every bid of auction #${a.id} (${a.auctionType}, ${a.status})`, ["Bid", "Player", "Amount", "Status", "Placed"], rows, { id: "admin-bid-table", "data-auction-id": a.id }));
      if (OPEN.has(a.status)) this.host.audited();
      this.bids.querySelector("caption").scrollIntoView({ block: "nearest" });
    } catch (error) { this.status.fail(`Could not load the bids of auction #${a.id}`, error); }
  }

  async cancel(a, reason) {
    this.confirming = null;
    try {
      const data = await post(`/api/admin/auctions/${a.id}/cancel`, { reason });
      const status = data && data.auction ? data.auction.status : "cancelled";
      this.status.say("ok", `Auction #${a.id} is ${status}; every bid's escrow was released and the bidders were told.`);
      this.host.audited();
    } catch (error) { this.status.fail(`Auction #${a.id} not cancelled`, error); }
    await this.load();
  }

  /** Square ids from the form's text: positive integers separated by commas or spaces; null when one is not. */
  squareIDs() {
    const text = this.form.elements.squares.value.trim();
    if (!text) return null;
    const parts = text.split(/[\s,]+/).filter(Boolean);
    const ids = parts.map((p) => (/^\d+$/.test(p) ? Number(p) : NaN));
    return ids.every((id) => Number.isSafeInteger(id) && id > 0) ? [...new Set(ids)] : null;
  }

  async create() {
    const f = this.form.elements;
    const squares = this.squareIDs();
    if (!squares || squares.length > 64) { this.status.say("error", "Give 1 to 64 square ids (whole numbers), or pick the squares on the map."); f.squares.focus(); return; }
    const minutes = Number(f.minutes.value), reserve = Number(f.reservePrice.value);
    const increment = f.minIncrement.value === "" ? null : Number(f.minIncrement.value);
    if (!Number.isInteger(minutes) || minutes < 1 || !Number.isInteger(reserve) || reserve < 0 || (increment !== null && (!Number.isInteger(increment) || increment < 1))) {
      this.status.say("error", "Duration, reserve and increment are whole numbers (duration at least 1 minute).");
      return;
    }
    const body = { landSquares: squares, auctionType: f.auctionType.value.trim(), durationSeconds: minutes * 60, reservePrice: reserve };
    if (increment !== null) body.minIncrement = increment;
    const button = this.form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const auction = await post("/api/admin/auctions", body);
      this.status.say("ok", `Auction #${auction.id} (${auction.auctionType}) started on ${squares.map((id) => `#${id}`).join(", ")}; it ends ${when(auction.endTime)}.`);
      this.form.elements.squares.value = "";
      this.picked.clear();
      this.host.audited();
      if (this.host.app.auctions) this.host.app.auctions.reload();
    } catch (error) { this.status.fail("Auction not started", error); }
    finally { button.disabled = false; }
    await this.load();
  }

  /** Goes to the map in picking mode: a click (or Enter on the selected square) adds or removes a square; "Done"
   * comes back here with the picked ids in the form. */
  startPicking() {
    const app = this.host.app;
    this.picked = new Set(this.squareIDs() || []);
    const banner = document.querySelector("#map-pick");
    const render = (note = "") => {
      banner.replaceChildren(
        el("span", { id: "map-pick-text" }, `Picking squares for a new auction: ${this.picked.size ? [...this.picked].map((id) => `#${id}`).join(", ") : "none yet"}. `,
          "Click a square (or press Enter on the selected one) to add or remove it."),
        note ? el("span", { class: "error" }, ` ${note}`) : "",
        el("button", { type: "button", id: "map-pick-done", class: "primary", onclick: () => this.stopPicking(true) }, "Done"),
        el("button", { type: "button", onclick: () => this.stopPicking(false) }, "Cancel"));
    };
    app.map.picker = {
      ids: this.picked,
      toggle: (square) => {
        let note = "";
        if (this.picked.has(square.id)) this.picked.delete(square.id);
        else if (square.ownerId != null) note = `Square #${square.id} is owned; the operator's auctions sell unowned land.`;
        else if (square.isLocked) note = `Square #${square.id} is locked (in an auction or a listing).`;
        else if (this.picked.size >= 64) note = "At most 64 squares in one auction.";
        else this.picked.add(square.id);
        render(note);
        app.map.requestDraw();
      },
    };
    render();
    banner.hidden = false;
    app.showTab("map", true);
    document.querySelector("#map-canvas").focus();
  }

  stopPicking(keep) {
    const app = this.host.app;
    app.map.picker = null;
    app.map.requestDraw();
    document.querySelector("#map-pick").hidden = true;
    if (keep) this.form.elements.squares.value = [...this.picked].join(", ");
    app.showTab("admin", true, "auctions");
    this.form.elements.squares.focus();
  }
}
