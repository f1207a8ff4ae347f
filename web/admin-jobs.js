// admin-jobs.js: the console's schedules and jobs view. The schedules with their cadence, next and last run and
// the last outcome (GET /api/admin/schedules); the jobs in one state at a time with retry (failed, dead) and cancel
// (waiting, running, failed; after a confirmation) (GET /api/admin/jobs, POST .../retry|cancel); and the dead
// letters with their last error, always listed. Refreshed when shown, every 15 s while shown, and after an action.

import { get, post, el } from "./api.js";
import { table, statusLine, confirmBox, when } from "./admin-ui.js";

/** The job states an operator filters by (the server's names); dead jobs are the dead letters. */
export const JOB_STATES = [["pending", "Waiting"], ["running", "Running"], ["failed", "Failed (will retry)"], ["dead", "Dead letters"], ["done", "Done"]];
const RETRYABLE = new Set(["failed", "dead"]);
const CANCELLABLE = new Set(["pending", "queued", "running", "failed"]);

/** The schedules and jobs view. Owned by the page's single thread. */
export class JobsView {
  constructor(host, root) {
    this.host = host;
    this.root = root;
    this.state = "failed";
    this.confirming = null; // job id whose cancel awaits confirmation
    this.jobs = [];
    this.status = statusLine("jobs-status");
    this.schedules = el("div", { id: "schedules" });
    this.jobList = el("div", { id: "jobs" });
    this.dead = el("div", { id: "dead-letters" });
    const select = el("select", { id: "jobs-state", name: "state" }, JOB_STATES.map(([value, label]) => el("option", { value }, label)));
    select.value = this.state;
    select.addEventListener("change", () => { this.state = select.value; this.loadJobs(); });
    root.append(
      el("div", { class: "row" }, el("h3", {}, "Schedules"), el("button", { type: "button", onclick: () => this.show() }, "Refresh")),
      this.status, this.schedules,
      el("h3", {}, "Jobs"),
      el("div", { class: "row" }, el("label", { for: "jobs-state", class: "inline-label" }, "State"), select),
      this.jobList,
      el("h3", {}, "Dead letters"),
      el("p", { class: "small" }, "Jobs that will not run again without an operator: out of attempts, no handler for their kind, or cancelled."),
      this.dead);
  }

  show() {
    this.loadSchedules();
    this.loadJobs();
    this.loadDead();
    clearInterval(this.timer);
    this.timer = setInterval(() => { if (this.confirming === null) { this.loadSchedules(); this.loadJobs(); this.loadDead(); } }, 15000);
  }

  hide() { clearInterval(this.timer); this.timer = null; }
  stop() { this.hide(); }

  async loadSchedules() {
    try {
      const data = await get("/api/admin/schedules");
      this.schedules.replaceChildren(table("Schedules", ["Name", "Cadence", "Next run", "Last run", "Last outcome"],
        (data.schedules || []).map((s) => [s.name, s.cadence ?? "—", when(s.nextRunAt), when(s.lastRunAt), `${s.lastOutcome ?? "never run"}${s.lastError ? `: ${s.lastError}` : ""}`]),
        { id: "schedule-table" }));
    } catch (error) { this.status.fail("Could not load the schedules", error); }
  }

  async loadJobs() {
    try {
      const data = await get(`/api/admin/jobs?state=${encodeURIComponent(this.state)}&limit=50`);
      this.jobs = data.jobs || [];
      this.renderJobs();
    } catch (error) { this.status.fail("Could not load the jobs", error); }
  }

  async loadDead() {
    try {
      const data = await get("/api/admin/jobs?state=dead&limit=50");
      this.dead.replaceChildren(table("Dead letters (newest first)", ["Id", "Kind", "Attempts", "Last error", ""],
        (data.jobs || []).map((j) => [String(j.id), j.kind, String(j.attempts ?? 0), j.lastError ?? "—",
          el("button", { type: "button", "data-action": "retry", "aria-label": `Retry job ${j.id}`, onclick: () => this.retry(j) }, "Retry")]),
        { id: "dead-table" }));
    } catch (error) { this.status.fail("Could not load the dead letters", error); }
  }

  renderJobs() {
    const rows = this.jobs.map((j) => {
      const actions = [RETRYABLE.has(j.state) ? el("button", { type: "button", "data-action": "retry", "aria-label": `Retry job ${j.id}`, onclick: () => this.retry(j) }, "Retry") : null,
          CANCELLABLE.has(j.state) ? el("button", { type: "button", "data-action": "cancel", "aria-label": `Cancel job ${j.id}`, onclick: () => { this.confirming = j.id; this.renderJobs(); } }, "Cancel…") : null];
      return el("tr", { "data-job-id": j.id }, [String(j.id), j.kind, j.state, String(j.attempts ?? 0), when(j.runAt), j.lastError ?? "—", actions]
        .map((cell) => el("td", {}, cell)));
    });
    const label = (JOB_STATES.find(([value]) => value === this.state) || [0, this.state])[1];
    const job = this.jobs.find((j) => j.id === this.confirming);
    this.jobList.replaceChildren(table(`Jobs: ${label}`, ["Id", "Kind", "State", "Attempts", "Runs at", "Last error", ""], rows, { id: "job-table" }),
      job ? confirmBox({ id: `job-cancel-${job.id}`, question: `Cancel job #${job.id} (${job.kind})? It will not run again unless retried.`,
        yes: "Yes, cancel it", onYes: () => this.cancel(job), onNo: () => { this.confirming = null; this.renderJobs(); } }) : "");
  }

  async retry(job) {
    try {
      await post(`/api/admin/jobs/${job.id}/retry`, {});
      this.status.say("ok", `Job #${job.id} (${job.kind}) will run again now.`);
      this.host.audited();
    } catch (error) { this.status.fail(`Job #${job.id} not retried`, error); }
    this.loadJobs();
    this.loadDead();
  }

  async cancel(job) {
    this.confirming = null;
    try {
      await post(`/api/admin/jobs/${job.id}/cancel`, {});
      this.status.say("ok", `Job #${job.id} (${job.kind}) is cancelled; it is now a dead letter.`);
      this.host.audited();
    } catch (error) { this.status.fail(`Job #${job.id} not cancelled`, error); }
    this.loadJobs();
    this.loadDead();
  }
}
