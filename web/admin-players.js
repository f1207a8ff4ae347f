// admin-players.js: the console's players view. Search by name (GET /api/admin/players?query=), then one player:
// role, balances, escrow, squares and ledger history (GET /api/admin/players/{id}); suspend with a reason (their
// tokens stop working at once, REST and socket, and their standing bids and orders are cancelled with escrow
// released) or reinstate, each after a confirmation (POST /api/admin/players/{id}/suspend|reinstate).

import { get, post, el } from "./api.js";
import { table, facts, statusLine, confirmBox, when, amounts } from "./admin-ui.js";

/** The players view. Owned by the page's single thread. */
export class PlayersView {
  constructor(host, root) {
    this.host = host;
    this.root = root;
    this.selectedId = null;
    this.confirming = null; // "suspend" | "reinstate"
    this.status = statusLine("players-status");
    this.results = el("div", { id: "player-results" });
    this.detail = el("div", { id: "player-detail", "aria-live": "polite" });
    const form = el("form", { id: "player-search", class: "row", role: "search", "aria-label": "Find a player" },
      el("label", { for: "player-query", class: "inline-label" }, "Name"),
      el("input", { id: "player-query", name: "query", type: "search", maxlength: 64, autocomplete: "off", placeholder: "part of a name" }),
      el("button", { type: "submit" }, "Search"));
    form.addEventListener("submit", (e) => { e.preventDefault(); this.search(form.elements.query.value.trim()); });
    root.append(el("h3", {}, "Players"), form, this.status, el("div", { class: "two-columns" }, this.results, this.detail));
  }

  show() {
    if (!this.searched) this.search("");
    if (this.selectedId) this.open(this.selectedId);
  }

  async search(query) {
    this.searched = true;
    try {
      const data = await get(`/api/admin/players?query=${encodeURIComponent(query)}&limit=50`);
      const rows = (data.players || []).map((p) => el("tr", { "data-player-id": p.id }, [
        el("button", { type: "button", class: "link", "data-action": "open", onclick: () => this.open(p.id) }, p.name),
        String(p.id), p.role, p.suspended ? "suspended" : "active", amounts(p.gold), amounts(p.escrow),
      ].map((cell) => el("td", {}, cell))));
      this.results.replaceChildren(table(query ? `Players matching "${query}"` : "Players", ["Name", "Id", "Role", "Account", "Gold", "Escrow"], rows, { id: "player-table" }));
    } catch (error) { this.status.fail("Could not search the players", error); }
  }

  async open(id) {
    this.selectedId = id;
    try {
      this.render(await get(`/api/admin/players/${id}`));
    } catch (error) { this.status.fail(`Could not load player #${id}`, error); }
  }

  render(data) {
    const p = data.player || {};
    this.current = data;
    const rows = [
      ["Name", p.name], ["Id", String(p.id)], ["Role", p.role],
      ["Account", p.suspended ? `suspended${p.suspendedReason ? `: ${p.suspendedReason}` : ""}` : "active"],
      ["Gold", amounts(p.gold)], ["Escrow", amounts(p.escrow)],
    ];
    if (p.resources) rows.push(["Resources", amounts(p.resources)]);
    const squares = data.squares || [];
    const ledger = (data.ledger || []).map((e) => [when(e.at ?? e.createdAt), (e.kind ?? e.reason ?? "").replace(/_/g, " "),
      `${e.amount > 0 ? "+" : ""}${e.amount} ${e.asset ?? "gold"}${e.account === "escrow" ? " (escrow)" : ""}`,
      e.counterparty ?? "—", e.ref ?? e.reference ?? ""]);
    this.detail.replaceChildren(
      el("h4", { id: "player-title", tabindex: "-1", "data-player-id": p.id, "data-suspended": String(Boolean(p.suspended)) }, `Player #${p.id}: ${p.name}`),
      facts(rows, "player-facts"),
      el("div", { class: "player-actions" }, this.actions(p)),
      el("h5", {}, `Squares (${data.squareCount ?? squares.length}${(data.squareCount ?? 0) > squares.length ? `, the first ${squares.length} shown` : ""})`),
      squares.length ? el("ul", { class: "inline-list", id: "player-squares" }, squares.map((s) => el("li", {},
        el("button", { type: "button", class: "link", onclick: () => this.host.app.showSquare(s.id) }, `#${s.id} at (${s.x}, ${s.y})`))))
        : el("p", {}, "No land."),
      table("Ledger history (newest first)", ["When", "What", "Amount", "With", "Reference"], ledger, { id: "player-ledger" }));
  }

  actions(p) {
    if (this.confirming === "suspend") {
      return confirmBox({ id: "suspend-confirm", question: `Suspend ${p.name}? Their sessions end at once, and their standing bids and open orders are cancelled with the escrow released.`,
        reason: "Reason (recorded in the audit trail and shown to the player)", yes: `Yes, suspend ${p.name}`,
        onYes: (reason) => this.act(p, "suspend", { reason }), onNo: () => this.unconfirm() });
    }
    if (this.confirming === "reinstate") {
      return confirmBox({ id: "reinstate-confirm", question: `Reinstate ${p.name}? They can log in again.`, yes: `Yes, reinstate ${p.name}`,
        onYes: () => this.act(p, "reinstate", {}), onNo: () => this.unconfirm() });
    }
    if (p.role === "admin") return el("p", { class: "small" }, "Operators are not suspended from the console.");
    return p.suspended
      ? el("button", { type: "button", id: "player-reinstate", onclick: () => this.confirm("reinstate") }, "Reinstate…")
      : el("button", { type: "button", id: "player-suspend", class: "danger", onclick: () => this.confirm("suspend") }, "Suspend…");
  }

  confirm(kind) { this.confirming = kind; this.render(this.current); }
  unconfirm() { this.confirming = null; this.render(this.current); }

  async act(p, action, body) {
    this.confirming = null;
    try {
      await post(`/api/admin/players/${p.id}/${action}`, body);
      this.status.say("ok", action === "suspend"
        ? `${p.name} is suspended: their sessions are closed, their bids and orders cancelled with escrow released.`
        : `${p.name} is reinstated and can log in again.`);
      this.host.audited();
    } catch (error) { this.status.fail(`${p.name} not ${action === "suspend" ? "suspended" : "reinstated"}`, error); }
    await this.open(p.id);
    const query = this.root.querySelector("#player-query").value.trim();
    await this.search(query);
  }
}
