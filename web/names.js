// names.js: player names for ids (owners, bidders, sellers, winners). Asks GET /api/players?ids=... in batches,
// caches the answers and tells the page to redraw when names arrive; until then a name reads "player #5".

import { get } from "./api.js";

/** Usernames by player id, loaded on demand. Owned by the page's single thread. */
export class PlayerNames {
  constructor(onChange) {
    this.onChange = onChange;
    this.names = new Map();   // id -> username
    this.wanted = new Set();  // ids to ask for in the next batch
    this.asked = new Set();   // ids asked for (answered or in flight)
    this.timer = null;
    this.available = true;    // false when the server has no /api/players
  }

  /** Remembers a name the page already knows (the player's own, from /api/me). */
  remember(id, username) {
    if (id != null && username) this.names.set(Number(id), username);
  }

  /** The name for `id` if known; asks the server for it otherwise (and answers null for now). */
  name(id) {
    if (id === null || id === undefined) return null;
    const key = Number(id);
    const known = this.names.get(key);
    if (known) return known;
    if (this.available && !this.asked.has(key)) {
      this.wanted.add(key);
      if (!this.timer) this.timer = setTimeout(() => this.load(), 30);
    }
    return null;
  }

  /** "bob" when known, "player #5" until then. */
  label(id) { return this.name(id) || `player #${id}`; }

  async load() {
    this.timer = null;
    const ids = [...this.wanted].slice(0, 100);
    for (const id of ids) { this.wanted.delete(id); this.asked.add(id); }
    if (this.wanted.size) this.timer = setTimeout(() => this.load(), 30);
    if (!ids.length) return;
    try {
      const data = await get(`/api/players?ids=${ids.join(",")}`);
      let changed = false;
      for (const player of data.players || []) {
        if (this.names.get(player.id) !== player.username) { this.names.set(player.id, player.username); changed = true; }
      }
      if (changed && this.onChange) this.onChange();
    } catch (error) {
      if (error.routeMissing || error.status === 404) this.available = false;
      else for (const id of ids) this.asked.delete(id); // ask again later
    }
  }
}
