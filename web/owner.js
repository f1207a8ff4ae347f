// owner.js: what a player can do with a square they own, shown under the square's details on the map:
// upgrade its resource (POST /api/land-squares/{id}/upgrades) and merge it with adjacent squares (POST /api/merges).

import { post, el, describeError } from "./api.js";

/** Upgrade and merge forms for the player's own square on `map` (the routes may be missing: the answer says so). */
export function ownerActions(map, square) {
  const kept = map.actionNote && map.actionNote.squareId === square.id ? map.actionNote : null;
  const message = el("p", { id: "square-action-message", role: "alert", class: kept ? kept.kind : "" }, kept ? kept.text : "");
  const note = (kind, text) => {
    map.actionNote = { squareId: square.id, kind, text };
    const node = map.details.querySelector("#square-action-message") || message;
    node.className = kind;
    node.textContent = text;
  };
  const run = async (button, promise, done) => {
    button.disabled = true;
    try {
      const result = await promise;
      note("ok", done(result));
      if (result && result.square) map.store(result.square);
      const ids = result && Array.isArray(result.squareIds) ? result.squareIds : [square.id];
      await map.refreshSquares(ids);
      map.app.account && map.app.account.refresh();
    } catch (error) {
      note("error", describeError(error));
    } finally {
      button.disabled = false;
    }
  };
  const kinds = { farm: ["farm_level", "Raise the farm level"], oil_field: ["oil_technology", "Improve oil technology"], mine: ["mine_rate", "Dig the mine faster"] };
  const forms = [el("h4", {}, "Your square")];
  const kind = square.resource && kinds[square.resource.kind];
  if (kind) {
    const button = el("button", { type: "button" }, kind[1]);
    button.addEventListener("click", () => run(button, post(`/api/land-squares/${square.id}/upgrades`, { kind: kind[0] }),
      (r) => `Upgraded to level ${r.level ?? "?"}${r.cost ? ` for ${r.cost.gold} gold and ${r.cost.resourceAmount} ${r.cost.resource}` : ""}.`));
    forms.push(el("p", {}, button));
  }
  const input = el("input", { id: "merge-ids", name: "ids", inputmode: "numeric", placeholder: "e.g. 12, 13", "aria-describedby": "merge-hint" });
  const mergeButton = el("button", { type: "submit" }, "Merge");
  const form = el("form", { class: "merge-form", "aria-label": "Merge squares" },
    el("label", { for: "merge-ids" }, "Merge with your adjacent squares (ids)"), input, mergeButton,
    el("small", { id: "merge-hint" }, "Comma-separated square ids; this square is included."));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const ids = [square.id, ...input.value.split(/[\s,]+/).filter(Boolean).map(Number)];
    if (ids.some((id) => !Number.isInteger(id) || id < 1)) { note("error", "Enter square ids as whole numbers."); return; }
    run(mergeButton, post("/api/merges", { squareIds: [...new Set(ids)] }), (r) => `Merged ${(r.squareIds || ids).length} squares${r.bonusPercent != null ? ` (+${r.bonusPercent} % output)` : ""}.`);
  });
  forms.push(form, message);
  return el("div", { class: "owner-actions" }, forms);
}
