// admin-ui.js: small building blocks the operator console's views share: tables that scroll sideways on a phone,
// fact lists, the inline confirmation (with a reason when the action asks for one) that every destructive action
// goes through, a status line, and how times, ages and sizes read.

import { el, describeError, formatTime } from "./api.js";

/** A table with a caption and column headers; `rows` are arrays of cells (strings or nodes). Wrapped in a box that
 * scrolls sideways so a wide table never widens the page on a phone. */
export function table(caption, columns, rows, attributes = {}) {
  return el("div", { class: "table-box" },
    el("table", { class: "admin-table", ...attributes },
      el("caption", {}, caption),
      el("thead", {}, el("tr", {}, columns.map((c) => el("th", { scope: "col" }, c)))),
      el("tbody", {}, rows.length ? rows.map((row) => (row instanceof Node ? row : el("tr", {}, row.map((cell) => el("td", {}, cell)))))
        : el("tr", {}, el("td", { colspan: columns.length }, "None.")))));
}

/** A definition list of facts: [[label, value], ...]; each value carries `data-field` (the label, kebab-cased). */
export function facts(rows, id) {
  return el("dl", { class: "facts", id }, rows.map(([k, v]) =>
    [el("dt", {}, k), el("dd", { "data-field": k.toLowerCase().replace(/[^a-z0-9]+/g, "-") }, v)]));
}

/** A status line (role=status) that says one thing at a time: `say(kind, text)`; kind is "ok", "error" or "". */
export function statusLine(id) {
  const node = el("p", { id, class: "admin-status", role: "status", "aria-live": "polite" });
  node.say = (kind, text) => { node.className = `admin-status ${kind}`.trim(); node.textContent = text; };
  node.fail = (what, error) => node.say("error", `${what}: ${describeError(error)}`);
  return node;
}

/**
 * An inline confirmation in place of the button that asked for it: the question, a reason field when `reason` is
 * set (required, up to 500 characters), "yes" and "no". `onYes(reason)` runs the action; `onNo` restores the view.
 * Escape also says no. Focus goes to the reason (or to "no", the safe choice).
 */
export function confirmBox({ question, yes, reason = null, onYes, onNo, id = "confirm" }) {
  const input = reason ? el("input", { id: `${id}-reason`, name: "reason", required: true, maxlength: 500, autocomplete: "off" }) : null;
  const no = el("button", { type: "button", "data-action": "no" }, "No, keep it");
  const form = el("form", { class: "confirm-box", id, role: "group", "aria-label": question },
    el("p", { class: "confirm-text" }, question),
    input ? [el("label", { for: input.id }, reason), input] : null,
    el("div", { class: "row" }, el("button", { type: "submit", class: "danger", "data-action": "yes" }, yes), no));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const text = input ? input.value.trim() : null;
    if (input && !text) { input.focus(); return; }
    onYes(text);
  });
  no.addEventListener("click", () => onNo());
  form.addEventListener("keydown", (e) => { if (e.key === "Escape") { e.preventDefault(); onNo(); } });
  setTimeout(() => (input || no).focus(), 0);
  return form;
}

/** "3 min ago"-style age from seconds. */
export function age(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(Number(seconds))) return "unknown";
  const s = Math.max(0, Math.round(Number(seconds)));
  if (s < 90) return `${s} s ago`;
  if (s < 5400) return `${Math.round(s / 60)} min ago`;
  if (s < 172800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86400)} days ago`;
}

/** Bytes in a unit people read (GiB, MiB...). */
export function bytes(value) {
  if (value === null || value === undefined) return "unknown";
  const units = ["bytes", "KiB", "MiB", "GiB", "TiB"];
  let n = Number(value), unit = 0;
  while (n >= 1024 && unit < units.length - 1) { n /= 1024; unit += 1; }
  return unit === 0 ? `${n} bytes` : `${n.toFixed(1)} ${units[unit]}`;
}

/** A time in Unix milliseconds (or null) for a table cell. */
export function when(value) { return value === null || value === undefined ? "—" : formatTime(value); }

/** Yes/no for a boolean that may be absent. */
export function yesNo(value, yes = "yes", no = "no") { return value === undefined || value === null ? "unknown" : value ? yes : no; }

/** An amount of gold (or an object of assets) as text: "120 gold", or "120 gold, 4 wheat". */
export function amounts(value) {
  if (value === null || value === undefined) return "—";
  if (typeof value === "number") return `${value} gold`;
  if (typeof value === "object") {
    const parts = Object.entries(value).map(([asset, n]) => `${n} ${asset}`);
    return parts.length ? parts.join(", ") : "0";
  }
  return String(value);
}

/** Compact JSON of an audit row's details (or a string as it is). */
export function details(value) {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  return Object.entries(value).map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : v}`).join("; ");
}
