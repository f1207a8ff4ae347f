// admin.js: the operator console, the web client's "Admin" tab. Loaded only for an `admin` token (the page imports
// it after login), it holds six views behind a second row of tabs: health, schedules and jobs, auctions, players,
// economy and the audit trail. Each view lives in its own file and talks to the /api/admin routes; the server
// checks the role on every one, so hiding the tab is only a convenience. The view shown is in the hash
// (#admin/players), and a view refreshes when it is shown and on the socket events that concern it.

import { el } from "./api.js";
import { HealthView } from "./admin-health.js";
import { JobsView } from "./admin-jobs.js";
import { AdminAuctionsView } from "./admin-auctions.js";
import { PlayersView } from "./admin-players.js";
import { EconomyView } from "./admin-economy.js";
import { AuditView } from "./admin-audit.js";

export const ADMIN_VIEWS = [
  ["health", "Health", HealthView],
  ["jobs", "Schedules and jobs", JobsView],
  ["auctions", "Auctions", AdminAuctionsView],
  ["players", "Players", PlayersView],
  ["economy", "Economy", EconomyView],
  ["audit", "Audit", AuditView],
];

/** The console: its tab row and one view shown at a time. Owned by the page's single thread. */
export class AdminConsole {
  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.views = new Map();
    this.current = null;
    this.visible = false;
    const tabs = el("div", { role: "tablist", "aria-label": "Console views", class: "admin-tabs" });
    const panels = el("div", { class: "admin-panels" });
    for (const [name, label, View] of ADMIN_VIEWS) {
      const tab = el("button", { type: "button", role: "tab", id: `admin-tab-${name}`, "aria-controls": `admin-${name}`,
        "aria-selected": "false", tabindex: "-1", onclick: () => this.show(name, true) }, label);
      tab.addEventListener("keydown", (e) => this.onTabKey(e, name));
      const panel = el("section", { id: `admin-${name}`, role: "tabpanel", "aria-labelledby": `admin-tab-${name}`, hidden: true });
      tabs.append(tab);
      panels.append(panel);
      this.views.set(name, new View(this, panel));
    }
    root.replaceChildren(el("h2", {}, "Operator console"), el("nav", {}, tabs), panels);
  }

  onTabKey(e, name) {
    const names = ADMIN_VIEWS.map(([n]) => n);
    const index = names.indexOf(name);
    const next = e.key === "ArrowRight" ? names[(index + 1) % names.length]
      : e.key === "ArrowLeft" ? names[(index + names.length - 1) % names.length] : null;
    if (next) { e.preventDefault(); this.show(next, true); this.root.querySelector(`#admin-tab-${next}`).focus(); }
  }

  /** Shows view `name` (health when unknown); `updateHash` records it as #admin/name. */
  show(name, updateHash) {
    if (!this.views.has(name)) name = "health";
    for (const [view] of ADMIN_VIEWS) {
      const selected = view === name;
      const tab = this.root.querySelector(`#admin-tab-${view}`);
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      this.root.querySelector(`#admin-${view}`).hidden = !selected;
    }
    if (this.current && this.current !== name) this.views.get(this.current).hide?.();
    this.current = name;
    if (updateHash && location.hash !== `#admin/${name}`) history.replaceState(null, "", `#admin/${name}`);
    this.views.get(name).show();
  }

  /** The console tab was shown (`true`) or left (`false`). */
  setVisible(visible, view) {
    this.visible = visible;
    if (visible) this.show(view || this.current || "health", false);
    else if (this.current) this.views.get(this.current).hide?.();
  }

  /** An action went through: the audit view (when shown later) reloads. */
  audited() { this.views.get("audit").stale = true; }

  stop() { for (const view of this.views.values()) view.stop?.(); }
}
