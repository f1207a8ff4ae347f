// account.js: "my account": gold and resources (available and in escrow), owned squares (GET /api/me/squares, or the
// loaded map on servers without it), recent ledger entries (GET /api/me/ledger, paged with nextBefore).
// Refreshed after bids, settlements and trades, and from `player:me` events (whose balances show at once). Also the
// profile: change the password, and sign out every other session; both answer a fresh token for this page.

import { get, post, el, describeError, formatTime, setToken, whileTokenChanges } from "./api.js";

export class AccountView {
  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.pending = null;
    this.bindProfile();
  }

  /** Balances carried by a `player:me` event: shown at once, before the refresh that follows. */
  applyBalances(balances, escrow) {
    const me = this.app.player;
    if (!me) return;
    me.balances = { ...(me.balances || {}), ...balances };
    if (escrow && typeof escrow === "object") me.escrow = { ...(me.escrow || {}), ...escrow };
    this.renderSummary(me);
  }

  bindProfile() {
    const passwordForm = this.root.querySelector("#password-form");
    const revoke = this.root.querySelector("#revoke-sessions");
    const note = this.root.querySelector("#profile-message");
    const say = (kind, text) => { note.className = kind; note.textContent = text; };
    if (passwordForm) passwordForm.addEventListener("submit", async (e) => {
      e.preventDefault();
      const f = passwordForm.elements;
      if (f.newPassword.value !== f.repeatPassword.value) { say("error", "The two new passwords differ."); return; }
      const button = passwordForm.querySelector("button[type=submit]");
      button.disabled = true;
      try {
        const data = await whileTokenChanges(() => post("/api/me/password", { currentPassword: f.currentPassword.value, newPassword: f.newPassword.value }));
        this.takeToken(data);
        passwordForm.reset();
        say("ok", "Password changed. Your other sessions are signed out; this one stays signed in.");
      } catch (error) {
        say("error", `Password not changed: ${describeError(error)}`);
      } finally { button.disabled = false; }
    });
    if (revoke) revoke.addEventListener("click", async () => {
      revoke.disabled = true;
      try {
        const data = await whileTokenChanges(() => post("/api/me/sessions/revoke", {}));
        this.takeToken(data);
        say("ok", "Every other session is signed out. This one stays signed in.");
      } catch (error) {
        say("error", `Could not sign out other sessions: ${describeError(error)}`);
      } finally { revoke.disabled = false; }
    });
  }

  /** The fresh token of a profile change: this page keeps working, and the live connection signs in again. */
  takeToken(data) {
    if (!data || !data.token) return;
    setToken(data.token);
    if (this.app.socket) { this.app.socket.stop(); this.app.socket.start(); }
    this.refresh(); // a refresh that raced the change answered 401 with the old token
  }

  /** Coalesces refreshes: at most one request in flight, one more queued. */
  refresh() {
    if (this.pending) { this.again = true; return this.pending; }
    this.pending = this.load().finally(() => {
      this.pending = null;
      if (this.again) { this.again = false; this.refresh(); }
    });
    return this.pending;
  }

  async load() {
    const summary = this.root.querySelector("#account-summary");
    try {
      const me = await get("/api/me");
      this.app.setPlayer(me);
      this.renderSummary(me);
    } catch (error) {
      summary.replaceChildren(el("p", { class: "error" }, `Could not load your account: ${describeError(error)}`));
      return;
    }
    if (this.visible) {
      await this.renderSquares();
      await this.renderLedger();
    }
  }

  renderSummary(me) {
    const assets = Object.keys(me.balances || {}).sort((a, b) => (a === "gold" ? -1 : b === "gold" ? 1 : a.localeCompare(b)));
    const rows = assets.map((asset) => el("tr", {},
      el("th", { scope: "row" }, asset),
      el("td", { "data-asset": asset }, String(me.balances[asset])),
      el("td", {}, String((me.escrow || {})[asset] ?? 0))));
    this.root.querySelector("#account-summary").replaceChildren(
      el("p", {}, `Signed in as `, el("strong", {}, me.username), ` (player #${me.id}${me.role === "admin" ? ", operator" : ""}). You own ${me.squareCount} square${me.squareCount === 1 ? "" : "s"}.`),
      el("table", { id: "balances" },
        el("caption", {}, "Balances"),
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Asset"), el("th", { scope: "col" }, "Available"), el("th", { scope: "col" }, "In escrow (bids, orders)"))),
        el("tbody", {}, rows)));
    const gold = document.querySelector("#header-gold");
    if (gold) { gold.textContent = `${me.balances?.gold ?? 0} gold`; gold.dataset.gold = String(me.balances?.gold ?? 0); }
    this.app.emit("balances-changed", me);
  }

  async renderSquares() {
    const box = this.root.querySelector("#owned-squares");
    const me = this.app.player;
    if (!me) return;
    if (!this.squaresMissing) {
      try {
        const data = await get("/api/me/squares");
        const owned = data.squares || [];
        const note = data.isTruncated ? el("p", {}, `Showing ${owned.length} of your ${data.total} squares.`) : "";
        box.replaceChildren(owned.length ? el("ul", {}, owned.map((s) => this.squareItem(s))) : el("p", {}, "You own no land yet. Win an auction to get some."), note);
        return;
      } catch (error) {
        if (!(error.routeMissing || error.status === 404)) {
          box.replaceChildren(el("p", { class: "error" }, `Could not load your squares: ${describeError(error)}`));
          return;
        }
        this.squaresMissing = true; // an older server: find them on the map instead
      }
    }
    await this.renderSquaresFromMap(box, me);
  }

  /** Fallback for servers without /api/me/squares: the caller's squares among those the map has loaded. */
  async renderSquaresFromMap(box, me) {
    if (!this.app.map) return;
    const complete = await this.app.map.loadWorld();
    const owned = this.app.map.ownedBy(me.id);
    const note = !complete && owned.length < me.squareCount ? el("p", {}, `Showing the ${owned.length} of your ${me.squareCount} squares on the parts of the map loaded so far.`) : null;
    box.replaceChildren(owned.length ? el("ul", {}, owned.map((s) => this.squareItem(s))) : el("p", {}, me.squareCount ? "Your squares are outside the loaded map." : "You own no land yet. Win an auction to get some."), note || "");
  }

  squareItem(s) {
    return el("li", {}, el("button", { type: "button", class: "link", onclick: () => this.app.showSquare(s.id) },
      `#${s.id} at (${s.x}, ${s.y})`), s.resource ? ` · ${s.resource.kind.replace("_", " ")}` : "", s.isLocked ? " · in an auction or listing" : "");
  }

  /** The newest ledger entries; "Show older" pages back with the server's nextBefore cursor. */
  async renderLedger(before) {
    const box = this.root.querySelector("#ledger");
    if (this.ledgerMissing) return;
    try {
      const data = await get(`/api/me/ledger?limit=20${before ? `&before=${before}` : ""}`);
      const entries = data.entries || [];
      const list = entries.length ? el("ul", {}, entries.map((e) => this.ledgerItem(e))) : el("p", {}, before ? "No older entries." : "No ledger entries yet.");
      const parts = [list];
      if (before) parts.unshift(el("button", { type: "button", class: "link", onclick: () => this.renderLedger() }, "Back to newest"));
      if (data.nextBefore) parts.push(el("button", { type: "button", class: "link", onclick: () => this.renderLedger(data.nextBefore) }, "Show older"));
      box.replaceChildren(...parts);
    } catch (error) {
      this.ledgerMissing = error.routeMissing || error.status === 404;
      box.replaceChildren(el("p", {}, this.ledgerMissing ? "Ledger history is not available on this server." : `Could not load the ledger: ${describeError(error)}`));
    }
  }

  ledgerItem(e) {
    const sign = e.amount > 0 ? "+" : "";
    const where = e.account === "escrow" ? " (escrow)" : "";
    const other = e.counterparty === "self" ? "your own accounts" : e.counterparty === "player" ? "another player" : "the game";
    const reason = (e.reason || "").replace(/_/g, " ");
    return el("li", {}, `${formatTime(e.createdAt)} · ${reason} · ${sign}${e.amount} ${e.asset}${where} · with ${other}${e.reference ? ` · ${e.reference}` : ""}`);
  }
}
