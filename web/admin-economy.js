// admin-economy.js: the console's economy view. The ledger checks of `worldgame verify`, run live on the server
// (GET /api/admin/verify); the market maker's stock and daily caps with a top-up paid from the treasury through
// the ledger, after a confirmation (GET /api/admin/market-maker, POST /api/admin/market-maker/top-up); and the
// resource runs with their last and next run (GET /api/admin/resource-runs).

import { get, post, el } from "./api.js";
import { table, statusLine, confirmBox, when } from "./admin-ui.js";

/** The economy view. Owned by the page's single thread. */
export class EconomyView {
  constructor(host, root) {
    this.host = host;
    this.root = root;
    this.maker = null;
    this.pendingTopUp = null; // {resource, quantity} awaiting confirmation
    this.status = statusLine("economy-status");
    this.verify = el("div", { id: "verify", "aria-live": "polite" });
    this.makerBox = el("div", { id: "market-maker" });
    this.topUpSlot = el("div", { id: "top-up-slot" });
    this.runs = el("div", { id: "resource-runs" });
    root.append(
      el("div", { class: "row" }, el("h3", {}, "Ledger checks"),
        el("button", { type: "button", id: "verify-run", onclick: () => this.runVerify() }, "Run the checks")),
      this.status, this.verify,
      el("h3", {}, "Market maker"), this.makerBox, this.topUpSlot,
      el("h3", {}, "Resource runs"), this.runs);
  }

  show() {
    this.runVerify();
    this.loadMaker();
    this.loadRuns();
  }

  async runVerify() {
    const button = this.root.querySelector("#verify-run");
    button.disabled = true;
    this.verify.replaceChildren(el("p", {}, "Running the checks…"));
    try {
      const data = await get("/api/admin/verify");
      const checks = data.checks || [];
      this.verify.replaceChildren(
        el("p", { id: "verify-verdict", class: data.ok ? "ok" : "error", "data-ok": String(Boolean(data.ok)) },
          data.ok ? `All ${checks.length} checks pass (${new Date().toLocaleTimeString()}).`
            : `${checks.filter((c) => !c.ok).length} of ${checks.length} checks fail: see below.`),
        table("Checks", ["Check", "Result", "Detail"], checks.map((c) => el("tr", { "data-ok": String(Boolean(c.ok)) },
          el("td", {}, c.name), el("td", { class: c.ok ? "ok" : "error" }, c.ok ? "✓ pass" : "✗ fail"), el("td", {}, c.detail ?? ""))), { id: "verify-table" }));
    } catch (error) {
      this.verify.replaceChildren();
      this.status.fail("Could not run the checks", error);
    } finally { button.disabled = false; }
  }

  async loadMaker() {
    try {
      this.renderMaker(await get("/api/admin/market-maker"));
    } catch (error) { this.status.fail("Could not load the market maker", error); }
  }

  renderMaker(maker) {
    this.maker = maker;
    const resources = maker.resources || [];
    this.makerBox.replaceChildren(
      el("p", {}, "Treasury: ", el("strong", { id: "treasury", "data-gold": maker.treasury }, `${maker.treasury ?? "?"} gold`),
        maker.gold != null ? ` · the market maker holds ${maker.gold} gold` : ""),
      table("Stock and daily caps", ["Resource", "Stock", "Daily cap", "Sold today", "Bought today"],
        resources.map((r) => el("tr", { "data-resource": r.resource }, [r.resource, String(r.stock), String(r.dailyCap ?? "—"), String(r.soldToday ?? 0), String(r.boughtToday ?? 0)]
          .map((cell, i) => el("td", i === 1 ? { "data-field": "stock" } : {}, cell)))), { id: "maker-table" }));
    this.renderTopUp();
  }

  renderTopUp() {
    const resources = (this.maker && this.maker.resources) || [];
    if (this.pendingTopUp) {
      const { resource, quantity } = this.pendingTopUp;
      this.topUpSlot.replaceChildren(confirmBox({ id: "top-up-confirm",
        question: `Add ${quantity} ${resource} to the market maker's stock, paid from the treasury through the ledger?`,
        yes: `Yes, top up ${quantity} ${resource}`, onYes: () => this.topUp(resource, quantity),
        onNo: () => { this.pendingTopUp = null; this.renderTopUp(); } }));
      return;
    }
    const form = el("form", { id: "top-up-form", class: "row", "aria-label": "Top up the market maker" },
      el("label", { for: "top-up-resource", class: "inline-label" }, "Resource"),
      el("select", { id: "top-up-resource", name: "resource", required: true },
        resources.map((r) => el("option", { value: r.resource }, r.resource)), el("option", { value: "gold" }, "gold (the maker's cash)")),
      el("label", { for: "top-up-quantity", class: "inline-label" }, "Quantity"),
      el("input", { id: "top-up-quantity", name: "quantity", type: "number", min: 1, step: 1, required: true, inputmode: "numeric" }),
      el("button", { type: "submit" }, "Top up…"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const quantity = Number(form.elements.quantity.value);
      if (!Number.isSafeInteger(quantity) || quantity < 1) { this.status.say("error", "The quantity is a whole number, at least 1."); return; }
      this.pendingTopUp = { resource: form.elements.resource.value, quantity };
      this.renderTopUp();
    });
    this.topUpSlot.replaceChildren(form);
  }

  async topUp(resource, quantity) {
    this.pendingTopUp = null;
    try {
      const maker = await post("/api/admin/market-maker/top-up", { resource, quantity });
      const before = this.maker ? this.maker.treasury : null;
      const paid = before != null && maker && maker.treasury != null ? ` ${before - maker.treasury} gold` : "";
      this.status.say("ok", `Topped up ${quantity} ${resource}; the treasury paid${paid} through the ledger.`);
      this.host.audited();
      if (maker && maker.resources) this.renderMaker(maker); else await this.loadMaker();
    } catch (error) {
      this.status.fail("Market maker not topped up", error);
      this.renderTopUp();
    }
  }

  async loadRuns() {
    try {
      const data = await get("/api/admin/resource-runs");
      const yielded = (y) => (y && typeof y === "object" ? Object.entries(y).map(([k, n]) => `${n} ${k}`).join(", ") : "—");
      this.runs.replaceChildren(
        table("Schedules", ["Name", "Cadence", "Next run", "Last run", "Last outcome"],
          (data.schedules || []).map((s) => [s.name, s.cadence ?? "—", when(s.nextRunAt), when(s.lastRunAt), s.lastOutcome ?? "never run"]), { id: "run-schedules" }),
        table("Newest runs", ["Run", "Status", "Due", "Started", "Ended", "Squares updated", "Failed", "Yielded", "Error"],
          (data.runs || []).map((r) => [String(r.runId ?? r.id ?? "—"), r.status ?? r.lastOutcome ?? "—", when(r.dueAt ?? r.nextRunAt), when(r.startTime ?? r.lastRunAt),
            when(r.endTime), String(r.updatedItems ?? "—"), String(r.failedItems ?? "—"), yielded(r.yielded), r.error ?? ""]), { id: "runs-table" }));
    } catch (error) { this.status.fail("Could not load the resource runs", error); }
  }
}
