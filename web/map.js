// map.js: the world map on a canvas. Loads squares in 32x32 tiles (1024 squares, the API's page limit) as the
// view moves, colours them by owner and resource, pans (drag, arrow keys), zooms (wheel, buttons, +/-), and
// selects a square (click, Enter, or the "go to" form) to show its details. In merge mode (owner.js) clicks pick
// the player's own squares for a merge instead; while an operator picks squares for an auction (admin-auctions.js
// sets `picker`), a click or Enter adds or removes the square.

import { get, el, formatTime, describeError } from "./api.js";
import { ownerActions } from "./owner.js";

const TILE = 32;
const RESOURCE_COLORS = { farm: "#b9df97", mine: "#c9bfae", oil_field: "#9db4cc", none: "#ece7da" };
const RESOURCE_NAMES = { farm: "Farm (wheat)", mine: "Mine (ore)", oil_field: "Oil field (oil)" };

/** Owner colours: strong and dark, so none can be taken for a resource's pale colour (farm green, mine beige, oil
 * blue) whatever the id; the player's own squares get a yellow frame on top. */
const OWNER_COLORS = ["#c0392b", "#7d3c98", "#d35400", "#0e6655", "#1f3a93", "#c2185b", "#5b2c6f", "#8d6e63",
  "#00695c", "#ad1457", "#4e342e", "#283593"];

function ownerColor(ownerId) {
  const n = Math.abs(Math.trunc(Number(ownerId)) || 0);
  return OWNER_COLORS[n % OWNER_COLORS.length];
}

/** The map view. Owned by the page's single thread; `app` gives it the player, the socket and auctions. */
export class WorldMap {
  constructor(app, root) {
    this.app = app;
    this.root = root;
    this.canvas = root.querySelector("#map-canvas");
    this.ctx = this.canvas.getContext("2d");
    this.details = root.querySelector("#square-details");
    this.status = root.querySelector("#map-status");
    this.squares = new Map(); // "x,y" -> square
    this.byId = new Map();    // id -> square
    this.tiles = new Map();   // "tx,ty" -> "loading" | "loaded" | "failed"
    this.regions = [];
    this.center = { x: 0, y: 0 };
    this.scale = 16;          // pixels per square
    this.selected = null;     // {x, y}
    this.unlistenSquare = null;
    this.drawQueued = false;
    this.mergeSelection = null; // Set of square ids while picking squares to merge (owner.js), else null
    this.summaryAsked = new Set();
    this.picker = null;         // {ids: Set of square ids, toggle(square)} while an operator picks squares, else null
    this.bindEvents();
    app.on("names-changed", () => { if (this.selected) this.renderDetails(); });
    new ResizeObserver(() => this.resize()).observe(this.canvas.parentElement);
  }

  async start() {
    try {
      const data = await get("/api/regions");
      this.regions = data.regions || [];
    } catch (error) {
      this.regions = [];
    }
    const open = this.regions.find((r) => r.isOpen) || this.regions[0];
    if (open) this.center = { x: (open.minX + open.maxX + 1) / 2, y: (open.minY + open.maxY + 1) / 2 };
    this.resize();
  }

  regionOf(square) {
    return this.regions.find((r) => r.id === square.regionId)
      || this.regions.find((r) => square.x >= r.minX && square.x <= r.maxX && square.y >= r.minY && square.y <= r.maxY);
  }

  resize() {
    const box = this.canvas.parentElement.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const width = Math.max(200, Math.floor(box.width));
    const height = Math.max(220, Math.floor(Math.min(box.width * 0.75, window.innerHeight * 0.65)));
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${height}px`;
    this.canvas.width = Math.floor(width * ratio);
    this.canvas.height = Math.floor(height * ratio);
    this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.width = width;
    this.height = height;
    this.requestDraw();
  }

  visibleBounds() {
    const halfW = this.width / 2 / this.scale, halfH = this.height / 2 / this.scale;
    return {
      minX: Math.floor(this.center.x - halfW), maxX: Math.ceil(this.center.x + halfW),
      minY: Math.floor(this.center.y - halfH), maxY: Math.ceil(this.center.y + halfH),
    };
  }

  worldLimits() {
    if (!this.regions.length) return null;
    return {
      minX: Math.min(...this.regions.map((r) => r.minX)), maxX: Math.max(...this.regions.map((r) => r.maxX)),
      minY: Math.min(...this.regions.map((r) => r.minY)), maxY: Math.max(...this.regions.map((r) => r.maxY)),
    };
  }

  loadVisibleTiles() {
    const b = this.visibleBounds();
    const limits = this.worldLimits();
    for (let ty = Math.floor(b.minY / TILE); ty <= Math.floor(b.maxY / TILE); ty++) {
      for (let tx = Math.floor(b.minX / TILE); tx <= Math.floor(b.maxX / TILE); tx++) {
        if (limits && (tx * TILE > limits.maxX || (tx + 1) * TILE - 1 < limits.minX
          || ty * TILE > limits.maxY || (ty + 1) * TILE - 1 < limits.minY)) continue;
        this.loadTile(tx, ty);
      }
    }
  }

  async loadTile(tx, ty, force = false) {
    const key = `${tx},${ty}`;
    if (!force && this.tiles.has(key)) return;
    this.tiles.set(key, "loading");
    const minX = tx * TILE, minY = ty * TILE;
    try {
      const data = await get(`/api/land-squares?minX=${minX}&minY=${minY}&maxX=${minX + TILE - 1}&maxY=${minY + TILE - 1}`);
      for (const square of data.squares || []) this.store(square);
      this.tiles.set(key, "loaded");
      this.setStatus("");
    } catch (error) {
      this.tiles.set(key, "failed");
      this.setStatus(`Could not load part of the map: ${describeError(error)}`);
      setTimeout(() => { if (this.tiles.get(key) === "failed") this.tiles.delete(key); }, 5000);
    }
    this.requestDraw();
  }

  /** Loads every tile of the world when it is small (at most `maxTiles` requests); used by the account view. */
  async loadWorld(maxTiles = 16) {
    const limits = this.worldLimits();
    if (!limits) return false;
    const tiles = [];
    for (let ty = Math.floor(limits.minY / TILE); ty <= Math.floor(limits.maxY / TILE); ty++) {
      for (let tx = Math.floor(limits.minX / TILE); tx <= Math.floor(limits.maxX / TILE); tx++) tiles.push([tx, ty]);
    }
    if (tiles.length > maxTiles) return false;
    await Promise.all(tiles.map(([tx, ty]) => this.loadTile(tx, ty, this.tiles.get(`${tx},${ty}`) !== "loaded")));
    return true;
  }

  store(square) {
    const previous = this.byId.get(square.id);
    const merged = previous ? { ...previous, ...square } : square;
    this.squares.set(`${merged.x},${merged.y}`, merged);
    this.byId.set(merged.id, merged);
    return merged;
  }

  /** Applies a partial update from an event (`square_updated`: squareId, ownerId, nextAuctionAt...). */
  applyUpdate(data) {
    const id = data.squareId ?? data.id;
    const square = this.byId.get(id);
    if (!square) return;
    const update = { ...data };
    delete update.squareId;
    if (typeof update.nextAuctionAt === "number") update.nextAuctionAt = new Date(update.nextAuctionAt).toISOString();
    this.store({ ...square, ...update, id });
    this.requestDraw();
    if (this.selected && this.selected.x === square.x && this.selected.y === square.y) this.renderDetails();
    this.app.emit("squares-changed");
  }

  /** Refetches squares by id (after a settlement, a resync, or while the live connection is down). */
  async refreshSquares(ids) {
    await Promise.all([...new Set(ids)].map(async (id) => {
      try {
        this.store(await get(`/api/land-squares/${id}`));
      } catch { /* kept as it was */ }
    }));
    this.requestDraw();
    if (this.selected) this.renderDetails();
    this.app.emit("squares-changed");
  }

  requestDraw() {
    if (this.drawQueued) return;
    this.drawQueued = true;
    requestAnimationFrame(() => { this.drawQueued = false; this.draw(); });
  }

  toScreen(x, y) {
    return { sx: (x - this.center.x) * this.scale + this.width / 2, sy: (y - this.center.y) * this.scale + this.height / 2 };
  }

  toWorld(sx, sy) {
    return { x: Math.floor((sx - this.width / 2) / this.scale + this.center.x), y: Math.floor((sy - this.height / 2) / this.scale + this.center.y) };
  }

  draw() {
    if (!this.width) return;
    this.loadVisibleTiles();
    const ctx = this.ctx, s = this.scale, me = this.app.player;
    ctx.fillStyle = "#1e2a33";
    ctx.fillRect(0, 0, this.width, this.height);
    const b = this.visibleBounds();
    let drawn = 0;
    const gap = s >= 8 ? 1 : 0;
    for (let y = b.minY; y <= b.maxY; y++) {
      for (let x = b.minX; x <= b.maxX; x++) {
        const square = this.squares.get(`${x},${y}`);
        if (!square) continue;
        drawn++;
        const { sx, sy } = this.toScreen(x, y);
        const kind = square.resource ? square.resource.kind : "none";
        ctx.fillStyle = square.ownerId != null ? ownerColor(square.ownerId) : (RESOURCE_COLORS[kind] || RESOURCE_COLORS.none);
        ctx.fillRect(sx, sy, s - gap, s - gap);
        const region = this.regionOf(square);
        if (region && !region.isOpen) {
          ctx.fillStyle = "rgba(20,30,40,0.35)";
          ctx.fillRect(sx, sy, s - gap, s - gap);
        }
        if (me && square.ownerId === me.id) {
          ctx.strokeStyle = "#ffd23f";
          ctx.lineWidth = Math.max(1, s / 8);
          ctx.strokeRect(sx + ctx.lineWidth / 2, sy + ctx.lineWidth / 2, s - gap - ctx.lineWidth, s - gap - ctx.lineWidth);
        }
        if (s >= 14 && square.resource) {
          ctx.fillStyle = "rgba(0,0,0,0.55)";
          ctx.font = `${Math.floor(s * 0.5)}px system-ui, sans-serif`;
          ctx.textAlign = "center";
          ctx.textBaseline = "middle";
          ctx.fillText({ farm: "F", mine: "M", oil_field: "O" }[kind] || "", sx + s / 2, sy + s / 2);
        }
        if (this.picker && this.picker.ids.has(square.id)) {
          ctx.fillStyle = "rgba(228,87,46,0.55)";
          ctx.fillRect(sx, sy, s - gap, s - gap);
          ctx.strokeStyle = "#111";
          ctx.lineWidth = 2;
          ctx.strokeRect(sx + 1, sy + 1, s - gap - 2, s - gap - 2);
        }
        if (this.mergeSelection && this.mergeSelection.has(square.id)) {
          ctx.fillStyle = "rgba(255,255,255,0.45)";
          ctx.fillRect(sx, sy, s - gap, s - gap);
          ctx.strokeStyle = "#111";
          ctx.lineWidth = 2;
          ctx.setLineDash([4, 3]);
          ctx.strokeRect(sx + 1, sy + 1, s - gap - 2, s - gap - 2);
          ctx.setLineDash([]);
        }
        if (this.auctionSquares && this.auctionSquares.has(square.id) && s >= 6) {
          ctx.fillStyle = "#e4572e";
          ctx.beginPath();
          ctx.arc(sx + s - gap - s / 5, sy + s / 5, Math.max(2, s / 7), 0, Math.PI * 2);
          ctx.fill();
        }
      }
    }
    if (this.selected) {
      const { sx, sy } = this.toScreen(this.selected.x, this.selected.y);
      ctx.strokeStyle = "#ffffff";
      ctx.lineWidth = 3;
      ctx.strokeRect(sx - 1.5, sy - 1.5, s + 2, s + 2);
      ctx.strokeStyle = "#000000";
      ctx.lineWidth = 1;
      ctx.strokeRect(sx - 3, sy - 3, s + 5, s + 5);
    }
    this.canvas.dataset.squares = String(drawn);
    this.root.querySelector("#map-position").textContent =
      `Centre ${Math.floor(this.center.x)}, ${Math.floor(this.center.y)} · zoom ${this.scale}px · ${drawn} squares shown`;
  }

  setStatus(text) { this.status.textContent = text; this.status.hidden = !text; }

  zoom(factor, anchor) {
    const next = Math.min(48, Math.max(3, Math.round(this.scale * factor)));
    if (next === this.scale) return;
    if (anchor) {
      const before = { x: (anchor.sx - this.width / 2) / this.scale + this.center.x, y: (anchor.sy - this.height / 2) / this.scale + this.center.y };
      this.scale = next;
      this.center.x = before.x - (anchor.sx - this.width / 2) / this.scale;
      this.center.y = before.y - (anchor.sy - this.height / 2) / this.scale;
    } else this.scale = next;
    this.requestDraw();
  }

  pan(dx, dy) {
    this.center.x += dx;
    this.center.y += dy;
    this.requestDraw();
  }

  /** Selects the square at (x, y), centring it when asked; shows its details and follows it live. */
  select(x, y, centre = false) {
    const target = this.squares.get(`${x},${y}`);
    if (this.mergeSelection && (!target || target.id !== this.mergeAnchor)) { this.mergeSelection = null; this.mergeAnchor = null; }
    this.selected = { x, y };
    if (centre) this.center = { x: x + 0.5, y: y + 0.5 };
    this.requestDraw();
    this.renderDetails();
    const square = this.squares.get(`${x},${y}`);
    if (this.unlistenSquare) { this.unlistenSquare(); this.unlistenSquare = null; }
    if (square && this.app.socket) {
      this.unlistenSquare = this.app.socket.listen(`square:${square.id}`, (event) => this.applyUpdate({ squareId: square.id, ...event.data }));
    }
    if (square) this.refreshSquares([square.id]);
  }

  bindEvents() {
    const c = this.canvas;
    let drag = null;
    c.addEventListener("pointerdown", (e) => {
      drag = { x: e.clientX, y: e.clientY, cx: this.center.x, cy: this.center.y, moved: false };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
      if (drag.moved) {
        this.center.x = drag.cx - dx / this.scale;
        this.center.y = drag.cy - dy / this.scale;
        this.requestDraw();
      }
    });
    c.addEventListener("pointerup", (e) => {
      if (drag && !drag.moved) {
        const rect = c.getBoundingClientRect();
        const { x, y } = this.toWorld(e.clientX - rect.left, e.clientY - rect.top);
        if (this.mergeSelection) this.toggleMergeSquare(x, y); else this.select(x, y);
        if (this.picker) this.pickAt(x, y);
      }
      drag = null;
    });
    c.addEventListener("pointercancel", () => { drag = null; });
    c.addEventListener("wheel", (e) => {
      e.preventDefault();
      const rect = c.getBoundingClientRect();
      this.zoom(e.deltaY < 0 ? 1.25 : 0.8, { sx: e.clientX - rect.left, sy: e.clientY - rect.top });
    }, { passive: false });
    c.addEventListener("keydown", (e) => this.onKey(e));
    this.root.querySelector("#zoom-in").addEventListener("click", () => this.zoom(1.25));
    this.root.querySelector("#zoom-out").addEventListener("click", () => this.zoom(0.8));
    this.root.querySelector("#goto-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const form = e.target;
      const x = parseInt(form.elements.x.value, 10), y = parseInt(form.elements.y.value, 10);
      if (Number.isFinite(x) && Number.isFinite(y)) this.select(x, y, true);
    });
  }

  /** In merge mode: adds or removes the player's own square at (x, y); says why another square cannot be added. */
  toggleMergeSquare(x, y) {
    const square = this.squares.get(`${x},${y}`);
    const me = this.app.player;
    if (!square || !me || square.ownerId !== me.id) {
      this.actionNote = { squareId: this.mergeAnchor, kind: "error", text: "Pick your own squares (framed in yellow) next to the selected one." };
    } else if (square.id === this.mergeAnchor) {
      this.actionNote = { squareId: this.mergeAnchor, kind: "error", text: "This square is always part of the merge." };
    } else {
      if (this.mergeSelection.has(square.id)) this.mergeSelection.delete(square.id); else this.mergeSelection.add(square.id);
      this.actionNote = null;
    }
    this.requestDraw();
    this.renderDetails();
  }

  /** In picking mode: hands the square at (x, y) to the picker (it says why a square cannot be picked). */
  pickAt(x, y) {
    const square = this.squares.get(`${x},${y}`);
    if (square && this.picker) this.picker.toggle(square);
    this.requestDraw();
  }

  startMerge(square) {
    this.mergeAnchor = square.id;
    this.mergeSelection = new Set([square.id]);
    this.actionNote = null;
    this.requestDraw();
    this.renderDetails();
  }

  stopMerge() {
    this.mergeSelection = null;
    this.mergeAnchor = null;
    this.requestDraw();
    this.renderDetails();
  }

  /** "Farm, level 2 at (3, 4)" for a square the map knows; asks the server once for one it does not (null now). */
  squareSummary(id) {
    const square = this.byId.get(id);
    if (!square) {
      if (!this.summaryAsked.has(id)) { this.summaryAsked.add(id); this.refreshSquares([id]); }
      return null;
    }
    const r = square.resource;
    const what = !r ? "No resource" : r.kind === "farm" ? `Farm level ${r.level}`
      : r.kind === "mine" ? `Mine, ${r.remainingOre} ore left` : r.kind === "oil_field" ? `Oil field, ${r.extractionRate} oil/run` : r.kind;
    return `${what} at (${square.x}, ${square.y})`;
  }

  onKey(e) {
    const moves = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    if (moves[e.key]) {
      e.preventDefault();
      const [dx, dy] = moves[e.key];
      const from = this.selected || { x: Math.floor(this.center.x), y: Math.floor(this.center.y) };
      const x = from.x + dx, y = from.y + dy;
      const { sx, sy } = this.toScreen(x, y);
      const outside = sx < this.scale || sy < this.scale || sx > this.width - 2 * this.scale || sy > this.height - 2 * this.scale;
      this.select(x, y, outside);
    } else if (this.picker && (e.key === "Enter" || e.key === " ") && this.selected) {
      e.preventDefault();
      this.pickAt(this.selected.x, this.selected.y);
    } else if (e.key === "+" || e.key === "=") { e.preventDefault(); this.zoom(1.25); }
    else if (e.key === "-") { e.preventDefault(); this.zoom(0.8); }
  }

  renderDetails() {
    const box = this.details;
    box.replaceChildren();
    if (!this.selected) return;
    const { x, y } = this.selected;
    const square = this.squares.get(`${x},${y}`);
    if (!square) {
      box.append(el("h3", {}, `Square (${x}, ${y})`), el("p", {}, "No land here (outside the world, or still loading)."));
      return;
    }
    const me = this.app.player;
    const region = this.regionOf(square);
    const owner = square.ownerId == null ? "Nobody (unowned)" : (me && square.ownerId === me.id ? `You (${me.username})` : this.app.names.label(square.ownerId));
    const rows = [
      ["Owner", owner],
      ["Region", region ? `${region.name} (${region.biome}${region.isOpen ? ", open" : ", not yet open"})` : `#${square.regionId}`],
      ["Resource", this.describeResource(square.resource)],
    ];
    // Scheduled auctions give out unowned land only: an owned square is never put up unless its owner asks.
    if (square.ownerId == null) rows.push(["Next auction", square.nextAuctionAt ? formatTime(square.nextAuctionAt) : "none scheduled"]);
    rows.push(["Locked", square.isLocked ? "yes (in an auction or a listing)" : "no"]);
    if (Array.isArray(square.merges)) {
      rows.push(["Merges", square.merges.length ? `merged with ${square.merges.filter((id) => id !== square.id).map((id) => `#${id}`).join(", ")}` : "not merged"]);
    } else rows.push(["Merges", "not shown by this server"]);
    const auction = this.app.auctions ? this.app.auctions.auctionForSquare(square.id) : null;
    box.append(
      el("h3", { id: "square-title", "data-square-id": square.id, "data-owner-id": square.ownerId ?? "" }, `Square #${square.id} at (${x}, ${y})`),
      el("dl", { class: "facts" }, rows.map(([k, v]) => [el("dt", {}, k), el("dd", { "data-field": k.toLowerCase().replace(/\s+/g, "-") }, v)])),
    );
    if (auction) {
      box.append(el("p", {}, `In auction #${auction.id} (${auction.status}). `,
        el("button", { type: "button", class: "link", onclick: () => this.app.showAuction(auction.id) }, "Go to the auction")));
    }
    if (me && square.ownerId === me.id) box.append(ownerActions(this, square));
  }

  describeResource(resource) {
    if (!resource) return "None";
    const name = RESOURCE_NAMES[resource.kind] || resource.kind;
    switch (resource.kind) {
      case "farm": return `${name}, level ${resource.level}, next harvest ${formatTime(resource.nextHarvestAt)}`;
      case "mine": return `${name}, ${resource.remainingOre} ore left, depletes ${resource.depletionRate}/run`;
      case "oil_field": return `${name}, capacity ${resource.capacity}, extracts ${resource.extractionRate}/run, tech level ${resource.technologyLevel}`;
      default: return name;
    }
  }

  /** Squares owned by `playerId` among those loaded. */
  ownedBy(playerId) {
    return [...this.byId.values()].filter((s) => s.ownerId === playerId).sort((a, b) => a.y - b.y || a.x - b.x);
  }
}

export { ownerColor, RESOURCE_COLORS };
