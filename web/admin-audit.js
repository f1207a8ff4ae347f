// admin-audit.js: the console's audit view. Every admin action as the server recorded it in the same transaction
// as the action, newest first: when, who, what, on what, the details, from which address, the request id and the
// trace id (GET /api/admin/audit, paged back with `before`). Read-only: the trail has no edit path anywhere.

import { get, el } from "./api.js";
import { table, statusLine, when, details } from "./admin-ui.js";

const PAGE = 50;

/** The audit view. Owned by the page's single thread. */
export class AuditView {
  constructor(host, root) {
    this.host = host;
    this.root = root;
    this.stale = true;
    this.before = null;
    this.status = statusLine("audit-status");
    this.body = el("div", { id: "audit-body" });
    root.append(
      el("div", { class: "row" }, el("h3", {}, "Audit trail"),
        el("button", { type: "button", id: "audit-refresh", onclick: () => this.load(null) }, "Refresh")),
      el("p", { class: "small" }, "Every operator action, written in the same transaction as the action itself; nobody can edit it."),
      this.status, this.body);
  }

  show() { this.load(null); }

  async load(before) {
    this.before = before;
    try {
      const data = await get(`/api/admin/audit?limit=${PAGE}${before ? `&before=${before}` : ""}`);
      const entries = data.entries || [];
      this.stale = false;
      const rows = entries.map((e) => el("tr", { "data-audit-id": e.id, "data-action": e.action },
        [when(e.at), e.adminName ?? `#${e.adminId}`, e.action, e.target ?? "", details(e.details), e.remoteAddress ?? "", e.requestID ?? "", e.traceID ?? ""]
          .map((cell) => el("td", {}, cell))));
      const oldest = entries.length ? entries[entries.length - 1].id : null;
      this.body.replaceChildren(
        table(before ? `Older entries (before #${before})` : "Newest first", ["When", "Admin", "Action", "Target", "Details", "Address", "Request id", "Trace id"], rows, { id: "audit-table" }),
        el("div", { class: "row" },
          before ? el("button", { type: "button", class: "link", onclick: () => this.load(null) }, "Back to newest") : null,
          data.nextBefore ?? (entries.length === PAGE ? oldest : null)
            ? el("button", { type: "button", class: "link", id: "audit-older", onclick: () => this.load(data.nextBefore ?? oldest) }, "Show older") : null));
    } catch (error) { this.status.fail("Could not load the audit trail", error); }
  }
}
