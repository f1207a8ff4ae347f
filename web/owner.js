// owner.js: what a player can do with a square they own, under the square's details on the map. Every action says
// its price before it is taken, with the figures from GET /api/rules:
// - upgrade its resource (POST /api/land-squares/{id}/upgrades): "Raise the farm to level 2: 200 gold + 40 wheat";
// - merge it with adjacent squares picked on the map (POST /api/merges): the count, the price and the bonus;
// - sell it: list it on the market (POST /api/marketplace/listings) or put it up for auction with a reserve price
//   (POST /api/land-squares/{id}/auctions).

import { post, el, describeError } from "./api.js";

const KINDS = {
  farm: { kind: "farm_level", label: (n) => `Raise the farm to level ${n}` },
  oil_field: { kind: "oil_technology", label: (n) => `Improve oil technology to level ${n}` },
  mine: { kind: "mine_rate", label: (n) => `Dig faster (${n} ore per run)` },
};

/** The next step of `square`'s upgrade and its price under `rules` (GET /api/rules), or {atMaximum} or null. */
export function upgradeOffer(square, rules) {
  const resource = square.resource;
  const kind = resource && KINDS[resource.kind];
  if (!kind) return null;
  if (!rules || !rules.upgrades) return { kind: kind.kind, label: kind.label("the next level"), price: null };
  const u = rules.upgrades;
  const paid = (u.kinds || []).find((k) => k.kind === kind.kind);
  let level, factor, maximum;
  if (resource.kind === "mine") {
    maximum = u.maxMineDepletionRate;
    level = Math.min(maximum, resource.depletionRate + Math.max(1, u.mineRateStep));
    factor = Math.max(1, Math.floor(level / Math.max(1, u.mineRateStep)));
    if (resource.depletionRate >= maximum) return { kind: kind.kind, atMaximum: true, label: `The mine is at its fastest (${maximum} ore per run)` };
  } else {
    const current = resource.kind === "farm" ? resource.level : resource.technologyLevel;
    maximum = resource.kind === "farm" ? u.maxFarmLevel : u.maxOilTechnologyLevel;
    if (current >= maximum) return { kind: kind.kind, atMaximum: true, label: `At the highest level (${maximum})` };
    level = current + 1;
    factor = level;
  }
  return {
    kind: kind.kind, label: kind.label(level),
    price: { gold: u.goldPerLevel * factor, resource: paid ? paid.paidResource : "?", amount: u.resourcePerLevel * factor },
  };
}

/** The price and bonus of merging `count` squares under `rules`, or null without rules. */
export function mergeOffer(count, rules) {
  if (!rules || !rules.merge) return null;
  const m = rules.merge;
  return { gold: m.goldPerSquare * count, bonus: Math.min(m.maxBonusPercent, Math.max(0, count - 1) * m.bonusPercentPerSquare), min: m.minSquares, max: m.maxSquares };
}

function priceText(price) { return `${price.gold} gold + ${price.amount} ${price.resource}`; }

/** The owner's panel for `square` on `map`. */
export function ownerActions(map, square) {
  const app = map.app;
  const kept = map.actionNote && map.actionNote.squareId === square.id ? map.actionNote : null;
  const message = el("p", { id: "square-action-message", role: "alert", class: kept ? kept.kind : "" }, kept ? kept.text : "");
  const note = (kind, text) => {
    map.actionNote = { squareId: square.id, kind, text };
    const node = map.details.querySelector("#square-action-message") || message;
    node.className = kind;
    node.textContent = text;
  };
  const run = async (button, request, done) => {
    button.disabled = true;
    try {
      const result = await request();
      map.mergeSelection = null;
      note("ok", done(result));
      if (result && result.square) map.store(result.square);
      for (const s of (result && result.squares) || []) map.store(s);
      await map.refreshSquares([square.id, ...((result && result.merge && result.merge.squareIds) || [])]);
      app.account && app.account.refresh();
    } catch (error) {
      note("error", describeError(error));
    } finally {
      button.disabled = false;
    }
  };
  const parts = [el("h4", {}, "Your square")];
  if (square.isLocked) parts.push(el("p", { class: "small" }, "This square is in an auction or a listing: it cannot be upgraded, merged or sold again until that ends."));

  const offer = upgradeOffer(square, app.rules);
  if (offer) {
    const text = offer.price ? `${offer.label}: ${priceText(offer.price)}` : offer.label;
    const button = el("button", { type: "button", id: "upgrade-button", disabled: offer.atMaximum || square.isLocked }, offer.atMaximum ? offer.label : text);
    button.addEventListener("click", () => run(button, () => post(`/api/land-squares/${square.id}/upgrades`, { kind: offer.kind }),
      (r) => `Upgraded to level ${r.level ?? "?"}${r.cost ? ` for ${r.cost.gold} gold and ${r.cost.resourceAmount} ${r.cost.resource}` : ""}.`));
    parts.push(el("p", {}, button));
    if (offer.price) {
      const me = app.player;
      const have = me && me.balances ? me.balances[offer.price.resource] ?? 0 : null;
      const gold = me && me.balances ? me.balances.gold ?? 0 : null;
      if (have !== null && (have < offer.price.amount || gold < offer.price.gold)) {
        parts.push(el("p", { class: "small", id: "upgrade-shortfall" }, `You have ${gold} gold and ${have} ${offer.price.resource}.`));
      }
    }
  }

  parts.push(Array.isArray(square.merges) && square.merges.length ? el("p", { class: "small" }, "Already part of a merged plot.") : mergeSection(map, square, run));
  if (!square.isLocked) parts.push(sellSection(map, square, run));
  parts.push(message);
  return el("div", { class: "owner-actions" }, parts);
}

/** Merge: pick adjacent own squares on the map (or in the list of neighbours); the price and bonus follow. */
function mergeSection(map, square, run) {
  const app = map.app;
  const box = el("div", { class: "merge-box", id: "merge-box" }, el("h4", {}, "Merge"));
  const perSquare = app.rules && app.rules.merge ? app.rules.merge : null;
  if (!map.mergeSelection) {
    const start = el("button", { type: "button", id: "merge-start", disabled: square.isLocked }, "Merge with neighbouring squares…");
    start.addEventListener("click", () => map.startMerge(square));
    box.append(el("p", { class: "small" }, perSquare
      ? `Merged squares produce more: +${perSquare.bonusPercentPerSquare} % per extra square (up to +${perSquare.maxBonusPercent} %), for ${perSquare.goldPerSquare} gold per square.`
      : "Merged squares produce more."), start);
    return box;
  }
  const selected = [...map.mergeSelection];
  const offer = mergeOffer(selected.length, app.rules);
  const neighbours = ownNeighbours(map, selected);
  box.append(el("p", {}, "Click your squares on the map (framed in yellow, next to this one) to add or remove them."));
  if (neighbours.length) {
    box.append(el("fieldset", { class: "merge-neighbours" }, el("legend", {}, "Or tick them here"),
      neighbours.map((s) => {
        const input = el("input", { type: "checkbox", checked: map.mergeSelection.has(s.id), "data-square-id": s.id });
        input.addEventListener("change", () => map.toggleMergeSquare(s.x, s.y));
        return el("label", {}, input, ` #${s.id} (${s.x}, ${s.y})${s.resource ? ` ${s.resource.kind.replace("_", " ")}` : ""}`);
      })));
  } else box.append(el("p", { class: "small" }, "You own no square next to the selection yet."));
  const summary = offer
    ? `${selected.length} square${selected.length === 1 ? "" : "s"} selected: costs ${offer.gold} gold, +${offer.bonus} % output.`
    : `${selected.length} square${selected.length === 1 ? "" : "s"} selected.`;
  box.append(el("p", { id: "merge-summary", "data-count": selected.length }, summary));
  const enough = !offer || selected.length >= offer.min;
  const go = el("button", { type: "button", id: "merge-confirm", class: "primary", disabled: !enough },
    offer ? `Merge ${selected.length} squares for ${offer.gold} gold` : `Merge ${selected.length} squares`);
  go.addEventListener("click", () => run(go, () => post("/api/merges", { squareIds: selected }),
    (r) => { const m = r.merge || r; return `Merged ${(m.squareIds || selected).length} squares for ${m.goldCost ?? "?"} gold: +${m.bonusPercent ?? "?"} % output.`; }));
  const cancel = el("button", { type: "button" }, "Cancel");
  cancel.addEventListener("click", () => map.stopMerge());
  box.append(el("p", { class: "row" }, go, " ", cancel));
  if (!enough) box.append(el("p", { class: "small" }, `Pick at least ${offer.min} squares (at most ${offer.max}).`));
  return box;
}

/** The player's unmerged squares next to any of `ids` (loaded on the map), the selected ones included. */
function ownNeighbours(map, ids) {
  const me = map.app.player;
  const found = new Map();
  for (const id of ids) {
    const s = map.byId.get(id);
    if (!s) continue;
    for (const [dx, dy] of [[1, 0], [-1, 0], [0, 1], [0, -1]]) {
      const n = map.squares.get(`${s.x + dx},${s.y + dy}`);
      if (n && me && n.ownerId === me.id && n.id !== map.mergeAnchor && !(n.merges && n.merges.length)) found.set(n.id, n);
    }
  }
  for (const id of ids) if (id !== map.mergeAnchor && map.byId.get(id)) found.set(id, map.byId.get(id));
  return [...found.values()].sort((a, b) => a.id - b.id);
}

/** Sell: a fixed-price listing on the market, or an auction of one's own with a reserve price. */
function sellSection(map, square, run) {
  const app = map.app;
  const box = el("details", { class: "sell-box", id: "sell-box", open: map.sellOpen === square.id },
    el("summary", {}, "Sell this square"));
  box.addEventListener("toggle", () => { map.sellOpen = box.open ? square.id : null; });
  const price = el("input", { id: "sell-price", type: "number", min: 1, step: 1, required: true, inputmode: "numeric", value: 50 });
  const list = el("form", { class: "sell-form", "aria-label": "List this square for sale" },
    el("label", { for: "sell-price" }, "Price (gold)"), price, el("button", { type: "submit" }, "List for sale"),
    el("small", {}, "Buyers see it under Market › Land for sale; the sale fee comes out of the price."));
  list.addEventListener("submit", (e) => {
    e.preventDefault();
    const amount = Number(price.value);
    if (!Number.isInteger(amount) || amount < 1) return;
    run(list.querySelector("button"), () => post("/api/marketplace/listings", { squareId: square.id, price: amount }),
      () => `Square #${square.id} is listed for ${amount} gold.`).then(() => app.market && app.market.refresh());
  });
  const type = el("select", { id: "owner-auction-type" }, ["open", "blind", "vickrey"].map((t) => el("option", { value: t }, t)));
  const minutes = el("input", { id: "owner-auction-minutes", type: "number", min: 1, step: 1, value: 60, inputmode: "numeric" });
  const reserve = el("input", { id: "owner-auction-reserve", type: "number", min: 1, step: 1, value: 50, inputmode: "numeric" });
  const auction = el("form", { class: "sell-form", "aria-label": "Put this square up for auction" },
    el("label", { for: "owner-auction-type" }, "Auction type"), type,
    el("label", { for: "owner-auction-minutes" }, "Duration (minutes)"), minutes,
    el("label", { for: "owner-auction-reserve" }, "Reserve price (gold): no sale below it"), reserve,
    el("button", { type: "submit" }, "Put up for auction"),
    el("small", {}, "Unsold, the square stays yours; sold, you get the price less the fee."));
  auction.addEventListener("submit", (e) => {
    e.preventDefault();
    const body = { auctionType: type.value, durationSeconds: Number(minutes.value) * 60, reservePrice: Number(reserve.value) };
    if (!Number.isInteger(body.durationSeconds) || !Number.isInteger(body.reservePrice)) return;
    run(auction.querySelector("button"), () => post(`/api/land-squares/${square.id}/auctions`, body),
      (r) => `Auction #${r.id ?? r.auction?.id ?? "?"} of square #${square.id} is open (reserve ${body.reservePrice} gold).`)
      .then(() => app.auctions && app.auctions.reload());
  });
  // Live updates redraw this panel: keep what the player typed.
  map.sellDraft = map.sellDraft && map.sellDraft.squareId === square.id ? map.sellDraft : { squareId: square.id };
  for (const input of [price, type, minutes, reserve]) {
    if (map.sellDraft[input.id] !== undefined) input.value = map.sellDraft[input.id];
    input.addEventListener("input", () => { map.sellDraft[input.id] = input.value; });
  }
  box.append(el("h5", {}, "Fixed price"), list, el("h5", {}, "Auction"), auction);
  return box;
}
