// admin-health.js: the console's health view. Is this node healthy, and is the pair? Role, term, versions,
// replication (sync mode, standby connected, lag, degraded, fenced), readiness and why not, free storage against its
// floor, the last backup and its age, and the recent errors from the log, from GET /api/admin/health. Refreshed
// every 10 s while shown, and on demand.

import { get, el } from "./api.js";
import { table, facts, statusLine, age, bytes, when, yesNo } from "./admin-ui.js";

const REFRESH_MS = 10000;

/** The health view. Owned by the page's single thread. */
export class HealthView {
  constructor(host, root) {
    this.host = host;
    this.root = root;
    this.timer = null;
    this.status = statusLine("health-status");
    this.body = el("div", { id: "health-body", "aria-live": "polite" });
    root.append(
      el("div", { class: "row" }, el("h3", {}, "Health"),
        el("button", { type: "button", id: "health-refresh", onclick: () => this.load() }, "Refresh")),
      this.status, this.body);
  }

  show() {
    this.load();
    clearInterval(this.timer);
    this.timer = setInterval(() => this.load(), REFRESH_MS);
  }

  hide() { clearInterval(this.timer); this.timer = null; }
  stop() { this.hide(); }

  async load() {
    try {
      const health = await get("/api/admin/health");
      this.render(health);
      this.status.say("", `Checked at ${new Date().toLocaleTimeString()}; refreshes every ${REFRESH_MS / 1000} s.`);
    } catch (error) {
      this.status.fail("Could not load health", error);
    }
  }

  render(h) {
    const r = h.replication || {};
    const ready = h.ready || {};
    const storage = h.storage || {};
    const v = h.version || {};
    const lag = [r.lagRecords != null ? `${r.lagRecords} records` : null, r.lagMs != null ? `${r.lagMs} ms` : null].filter(Boolean).join(", ");
    const summary = [
      ["Role", h.role ?? "unknown"],
      ["Term", h.term ?? "unknown"],
      ["Version", `release ${v.release ?? "?"}, schema ${v.schema ?? "?"}, protocol ${v.protocol ?? "?"}`],
      ["Ready", ready.ok === undefined ? "unknown" : ready.ok ? "yes" : "no"],
    ];
    const replication = [
      ["Sync mode", r.mode ?? "unknown"],
      ["Standby connected", yesNo(r.standbyConnected)],
      ["Lag", lag || "unknown"],
      ["Degraded", yesNo(r.degraded, "yes: writes go on without the standby's confirmation", "no")],
      ["Fenced", yesNo(r.fenced, "yes: this node takes no writes", "no")],
    ];
    const disk = [
      ["Free storage", storage.freeBytes != null ? `${bytes(storage.freeBytes)}${storage.floorBytes != null ? ` (floor ${bytes(storage.floorBytes)})` : ""}` : "unknown"],
      ["Storage full", yesNo(storage.full, "yes: writes are refused", "no")],
      ["Last backup", h.backup ? `${when(h.backup.lastAt)} (${age(h.backup.ageSeconds)})` : "none recorded"],
    ];
    const reasons = ready.reasons || [];
    const errors = (h.recentErrors || []).map((e) => [when(e.at), e.message ?? "", e.requestID ?? ""]);
    const bad = ready.ok === false || r.degraded || r.fenced || storage.full;
    this.body.replaceChildren(
      el("p", { id: "health-verdict", class: bad ? "notice" : "ok", "data-ok": String(!bad) },
        bad ? "Needs attention: see below." : "Healthy: ready, storage fine, replication as configured."),
      el("div", { class: "admin-grid" },
        el("div", {}, el("h4", {}, "Node"), facts(summary, "health-node"),
          reasons.length ? [el("h5", {}, "Why not ready"), el("ul", { id: "health-reasons" }, reasons.map((reason) => el("li", {}, String(reason))))] : null),
        el("div", {}, el("h4", {}, "Replication"), facts(replication, "health-replication")),
        el("div", {}, el("h4", {}, "Storage and backups"), facts(disk, "health-storage"))),
      table("Recent errors (newest first)", ["When", "Message", "Request id"], errors, { id: "health-errors" }));
  }
}
