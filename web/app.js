// app.js: the page's entry point. Logs in or registers, switches between the map, auctions, market and account
// views (tabs with hash links), owns the shared live socket, the player names and the game's rules (prices), follows
// `player:me` (notifications and balances, live) and shows toasts and the connection state. For the `admin` role it
// also loads the operator console (admin.js) behind an "Admin" tab; players never load it.

import { get, post, el, getToken, setToken, onAuthChange, describeError, lastAuthFailure } from "./api.js";
import { LiveSocket } from "./socket.js";
import { WorldMap } from "./map.js";
import { AuctionsView } from "./auctions.js";
import { MarketView } from "./market.js";
import { AccountView } from "./account.js";
import { PlayerNames } from "./names.js";
import { describePlayerEvent } from "./notices.js";

const TABS = ["map", "auctions", "market", "account", "admin"];

/** The tab and, for the console, its view named by a hash: "#market" -> ["market", null], "#admin/jobs" -> ["admin", "jobs"]. */
function parseHash(hash) {
  const [tab, view] = hash.replace(/^#/, "").split("/");
  return [tab, view || null];
}

class App {
  constructor() {
    this.player = null;
    this.handlers = new Map();
    this.socket = new LiveSocket(getToken);
    this.map = null;
    this.auctions = null;
    this.market = null;
    this.account = null;
    this.admin = null;        // the operator console (admin.js), for the admin role only
    this.rules = null;        // GET /api/rules: merge and upgrade prices (null: not served, prices not shown)
    this.names = new PlayerNames(() => this.emit("names-changed"));
    this.unlistenPlayer = null;
  }

  on(name, fn) { (this.handlers.get(name) || this.handlers.set(name, new Set()).get(name)).add(fn); }
  emit(name, value) { for (const fn of this.handlers.get(name) || []) fn(value); }

  setPlayer(player) {
    const changed = !this.player || this.player.id !== player.id;
    this.player = player;
    this.names.remember(player.id, player.username);
    document.querySelector("#who").textContent = player.username;
    if (changed && this.map) this.map.requestDraw();
  }

  /** The name of player `id`: "you" for the player, their username, or "player #5" while it loads. */
  playerName(id, you = "you") {
    if (id === null || id === undefined) return "nobody";
    if (this.player && Number(id) === this.player.id) return you;
    return this.names.label(id);
  }

  toast(text, kind = "") {
    const box = document.querySelector("#toasts");
    const item = el("p", { class: `toast ${kind}`.trim(), role: "status" }, text);
    box.append(item);
    while (box.children.length > 4) box.firstElementChild.remove();
    setTimeout(() => item.remove(), 8000);
  }

  /** Every change to the player's holdings arrives on `player:me`: show the new balances at once (when the event
   * carries them), say what happened, and refresh the views it concerns. */
  onPlayerEvent(event) {
    const d = event.data || {};
    const holdings = d.holdings && typeof d.holdings === "object" ? d.holdings : d; // {balances, escrow} as GET /api/me
    if (holdings.balances && typeof holdings.balances === "object" && this.account) this.account.applyBalances(holdings.balances, holdings.escrow);
    const text = describePlayerEvent(event, this);
    if (text) this.toast(text, "player-event");
    this.emit("player-event", event);
    if (this.account) this.account.refresh();
  }

  async loadRules() {
    try { this.rules = await get("/api/rules"); } catch { this.rules = null; }
  }

  async boot() {
    this.bindAuthForms();
    this.bindTabs();
    this.socket.onState((state, detail) => {
      this.showLive(state, detail);
      if (state === "suspended" && this.player) {
        const why = detail && !/^account suspended$/i.test(detail) ? ` (${detail})` : "";
        this.signedOut(`An operator suspended your account${why}: you are signed out. Contact the game's operators.`);
      }
    });
    this.socket.onResync((topic) => this.resync(topic));
    onAuthChange((token) => {
      if (token || !this.player) return;
      const failure = lastAuthFailure();
      this.signedOut(failure && /suspend/i.test(`${failure.code} ${failure.serverMessage}`)
        ? `Your account is suspended${failure.serverMessage ? ` (${failure.serverMessage})` : ""}. Contact the operators.` : "Your session ended. Please log in again.");
    });
    if (getToken()) {
      try {
        this.setPlayer(await get("/api/me"));
        await this.enter();
        return;
      } catch (error) {
        setToken(null);
      }
    }
    this.showAuth();
  }

  showAuth(message) {
    document.querySelector("#auth").hidden = false;
    document.querySelector("#game").hidden = true;
    document.querySelector("#session").hidden = true;
    const note = document.querySelector("#auth-message");
    note.textContent = message || "";
    document.querySelector("#login-username").focus();
  }

  bindAuthForms() {
    const submit = async (form, path) => {
      const note = document.querySelector("#auth-message");
      const username = form.elements.username.value.trim();
      const password = form.elements.password.value;
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      note.className = "";
      note.textContent = path.endsWith("register") ? "Creating your account…" : "Logging in…";
      try {
        const data = await post(path, { username, password });
        setToken(data.token);
        if (data.player) this.setPlayer(data.player); else this.setPlayer(await get("/api/me"));
        form.reset();
        note.textContent = "";
        await this.enter();
      } catch (error) {
        note.className = "error";
        note.textContent = describeError(error);
      } finally {
        button.disabled = false;
      }
    };
    document.querySelector("#login-form").addEventListener("submit", (e) => { e.preventDefault(); submit(e.target, "/api/auth/login"); });
    document.querySelector("#register-form").addEventListener("submit", (e) => { e.preventDefault(); submit(e.target, "/api/auth/register"); });
    document.querySelector("#logout").addEventListener("click", () => this.signedOut("You are logged out."));
  }

  get isAdmin() { return Boolean(this.player && this.player.role === "admin"); }

  /** The tabs this player sees: the console's only for an operator. */
  tabs() { return TABS.filter((tab) => tab !== "admin" || this.isAdmin); }

  signedOut(message) {
    this.socket.stop();
    if (this.admin) { // the console's data goes with the operator's session
      this.admin.stop();
      document.querySelector("#panel-admin").replaceChildren();
      this.admin = null;
    }
    document.querySelector("#tab-admin").hidden = true;
    if (this.map) this.map.picker = null;
    document.querySelector("#map-pick").hidden = true;
    if (this.unlistenPlayer) { this.unlistenPlayer(); this.unlistenPlayer = null; }
    if (this.auctions) this.auctions.stop();
    if (this.market) this.market.stop();
    this.player = null;
    setToken(null);
    this.showAuth(message);
  }

  async enter() {
    document.querySelector("#auth").hidden = true;
    document.querySelector("#game").hidden = false;
    document.querySelector("#session").hidden = false;
    if (!this.rules) await this.loadRules();
    if (!this.map) {
      this.map = new WorldMap(this, document.querySelector("#panel-map"));
      this.auctions = new AuctionsView(this, document.querySelector("#panel-auctions"));
      this.market = new MarketView(this, document.querySelector("#panel-market"));
      this.account = new AccountView(this, document.querySelector("#panel-account"));
      await this.map.start();
    }
    if (!this.unlistenPlayer) this.unlistenPlayer = this.socket.listen("player:me", (event) => this.onPlayerEvent(event));
    this.socket.start();
    this.account.refresh();
    this.auctions.start();
    this.market.start();
    await this.enterConsole();
    const [tab, view] = parseHash(location.hash);
    this.showTab(this.tabs().includes(tab) ? tab : "map", false, view);
  }

  /** Shows the "Admin" tab to an operator (loading the console once), hides it from anyone else. */
  async enterConsole() {
    const tab = document.querySelector("#tab-admin");
    if (!this.isAdmin) { tab.hidden = true; document.querySelector("#panel-admin").hidden = true; return; }
    if (!this.admin) {
      const { AdminConsole } = await import("./admin.js");
      this.admin = new AdminConsole(this, document.querySelector("#panel-admin"));
    }
    tab.hidden = false; // only once the console is there: a click before would be undone by the first showTab
  }

  bindTabs() {
    for (const tab of TABS) {
      const button = document.querySelector(`#tab-${tab}`);
      button.addEventListener("click", () => this.showTab(tab, true));
      button.addEventListener("keydown", (e) => {
        const tabs = this.tabs();
        const index = tabs.indexOf(tab);
        const next = e.key === "ArrowRight" ? tabs[(index + 1) % tabs.length] : e.key === "ArrowLeft" ? tabs[(index + tabs.length - 1) % tabs.length] : null;
        if (next) { e.preventDefault(); this.showTab(next, true); document.querySelector(`#tab-${next}`).focus(); }
      });
    }
    window.addEventListener("hashchange", () => {
      const [tab, view] = parseHash(location.hash);
      if (this.player && this.tabs().includes(tab)) this.showTab(tab, false, view);
    });
  }

  /** Shows tab `name`; for the console, `view` picks its view (health when absent). */
  showTab(name, updateHash, view = null) {
    if (!this.tabs().includes(name)) name = "map";
    for (const tab of TABS) {
      const selected = tab === name;
      const button = document.querySelector(`#tab-${tab}`);
      button.setAttribute("aria-selected", String(selected));
      button.tabIndex = selected ? 0 : -1;
      document.querySelector(`#panel-${tab}`).hidden = !selected;
    }
    if (this.admin) this.admin.setVisible(name === "admin", view);
    if (updateHash && name !== "admin" && location.hash !== `#${name}`) history.replaceState(null, "", `#${name}`);
    if (updateHash && name === "admin" && !location.hash.startsWith("#admin")) history.replaceState(null, "", `#admin/${this.admin.current || "health"}`);
    this.market.visible = name === "market";
    this.account.visible = name === "account";
    if (name === "map") this.map.resize();
    if (name === "account") this.account.refresh();
    if (name === "market") this.market.refresh();
  }

  showLive(state, detail) {
    const node = document.querySelector("#live");
    const text = {
      live: "Live",
      connecting: "Connecting…",
      reconnecting: `Not live, polling (retry in ${detail ?? "?"}s)`,
      offline: `Offline${detail ? `: ${detail}` : ""}`,
      suspended: `Offline: ${detail || "account suspended"}`,
    }[state] || state;
    node.textContent = state === "live" ? "● Live" : `○ ${text}`;
    node.dataset.state = state;
    node.title = state === "live" ? "Live updates are on." : "Live updates are off; the page refreshes by polling.";
  }

  /** The socket could not replay a topic: refetch what it covers. */
  resync(topic) {
    if (topic.startsWith("square:")) this.map.refreshSquares([Number(topic.slice(7))]);
    else if (topic.startsWith("auction")) this.auctions.reload();
    else if (topic.startsWith("market:")) this.market.refresh();
    else if (topic === "player:me") this.account.refresh();
  }

  async showSquare(id) {
    this.showTab("map", true);
    let square = this.map.byId.get(id);
    if (!square) {
      try { square = this.map.store(await get(`/api/land-squares/${id}`)); } catch (error) { this.toast(describeError(error)); return; }
    }
    this.map.select(square.x, square.y, true);
    document.querySelector("#map-canvas").focus();
  }

  showAuction(id) {
    this.showTab("auctions", true);
    this.auctions.select(id);
  }
}

const app = new App();
window.worldgame = app; // for debugging and the end-to-end test
app.boot();
