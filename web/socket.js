// socket.js: the live connection to the realtime gateway. Derives the URL from the page (direct to the gateway
// port when the page came from the API port, same-origin /ws behind nginx), authenticates with the token,
// keeps subscriptions across reconnects, resumes each topic from the last seq seen, and reports resync. A close
// with 4001 (the session is not valid) or 4003 (the account is suspended) stops reconnecting and says why.

/** The WebSocket URL for this page. Exported for tests. */
export function socketURL(loc = window.location, doc = document) {
  const meta = (name) => {
    const node = doc.querySelector(`meta[name="${name}"]`);
    const value = node ? node.getAttribute("content") : "";
    return /^\d+$/.test(value || "") ? value : "";
  };
  const scheme = loc.protocol === "https:" ? "wss:" : "ws:";
  const apiPort = meta("worldgame-api-port");
  const wsPort = meta("worldgame-ws-port");
  const pagePort = loc.port || (loc.protocol === "https:" ? "443" : "80");
  if (apiPort && wsPort && pagePort === apiPort) {
    const host = loc.hostname.includes(":") ? `[${loc.hostname}]` : loc.hostname;
    return `${scheme}//${host}:${wsPort}/ws`;
  }
  return `${scheme}//${loc.host}/ws`;
}

/** One reconnecting, resuming connection shared by every view. Owned by the page's single thread. */
export class LiveSocket {
  constructor(getToken, url = null) {
    this.getToken = getToken;
    this.url = url; // fixed URL (tests); otherwise derived from the page
    this.ws = null;
    this.topics = new Map();       // topic -> number of interested views
    this.lastSeq = new Map();      // topic -> last seq delivered
    this.listeners = new Map();    // topic -> Set<fn(event)>
    this.stateListeners = new Set();
    this.resyncListeners = new Set();
    this.pending = new Map();      // requestId -> {resolve, reject, timer}
    this.state = "offline";
    this.attempt = 0;
    this.retryTimer = null;
    this.pingTimer = null;
    this.wanted = false;
    this.requestCounter = 0;
    this.lastClose = null;         // {code, reason} of the last close (the page and tests read it)
  }

  start() {
    this.wanted = true;
    if (!this.ws) this.connect();
  }

  stop() {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    if (this.ws) { this.ws.onclose = null; this.ws.close(1000, "logout"); this.ws = null; }
    this.lastSeq.clear();
    this.setState("offline");
  }

  get isLive() { return this.state === "live"; }

  onState(fn) { this.stateListeners.add(fn); fn(this.state); }
  onResync(fn) { this.resyncListeners.add(fn); }

  setState(state, detail) {
    this.state = state;
    for (const fn of this.stateListeners) fn(state, detail);
  }

  /** Listens on `topic`; returns a function that stops listening (and unsubscribes when nobody else listens). */
  listen(topic, fn) {
    if (!this.listeners.has(topic)) this.listeners.set(topic, new Set());
    this.listeners.get(topic).add(fn);
    const count = this.topics.get(topic) || 0;
    this.topics.set(topic, count + 1);
    if (count === 0) this.sendSubscription(topic);
    return () => {
      const set = this.listeners.get(topic);
      if (set) set.delete(fn);
      const left = (this.topics.get(topic) || 1) - 1;
      if (left <= 0) {
        this.topics.delete(topic);
        this.listeners.delete(topic);
        this.lastSeq.delete(topic);
        this.send({ type: "unsubscribe", topics: [topic] });
      } else this.topics.set(topic, left);
    };
  }

  sendSubscription(topic) {
    if (!this.isLive) return;
    if (this.lastSeq.has(topic)) this.send({ type: "resume", topic, fromSeq: this.lastSeq.get(topic) });
    else this.send({ type: "subscribe", topics: [topic] });
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN && (this.isLive || message.type === "auth")) {
      this.ws.send(JSON.stringify(message));
      return true;
    }
    return false;
  }

  /** Places a bid over the socket; resolves with the result data, rejects with {code, message}. */
  bid(auctionId, amount) {
    const requestId = `bid-${Date.now()}-${++this.requestCounter}`;
    return new Promise((resolve, reject) => {
      if (!this.send({ type: "bid", auctionId, amount, requestId })) {
        reject({ code: "offline", message: "Live connection is down." });
        return;
      }
      const timer = setTimeout(() => {
        this.pending.delete(requestId);
        reject({ code: "timeout", message: "No answer from the server." });
      }, 8000);
      this.pending.set(requestId, { resolve, reject, timer });
    });
  }

  connect() {
    const token = this.getToken();
    if (!token || !this.wanted) return;
    this.setState("connecting");
    let ws;
    try {
      ws = new WebSocket(this.url || socketURL());
    } catch (error) {
      this.scheduleReconnect();
      return;
    }
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: "auth", token }));
    ws.onmessage = (message) => this.receive(message.data);
    ws.onerror = () => {};
    ws.onclose = (close) => {
      this.ws = null;
      this.lastClose = { code: close.code, reason: close.reason || "" };
      clearInterval(this.pingTimer);
      for (const [id, request] of this.pending) {
        clearTimeout(request.timer);
        request.reject({ code: "offline", message: "Live connection closed." });
        this.pending.delete(id);
      }
      if (close.code === 4003) {
        this.wanted = false;
        this.setState("suspended", close.reason || "account suspended");
        return;
      }
      if (close.code === 4001) {
        this.wanted = false;
        this.setState("offline", /expired/i.test(close.reason || "") ? "session expired, log in again" : "the server refused the session");
        return;
      }
      this.scheduleReconnect();
    };
  }

  scheduleReconnect() {
    if (!this.wanted) return;
    this.attempt += 1;
    const delay = Math.min(15000, 500 * 2 ** Math.min(this.attempt, 5)) * (0.75 + Math.random() / 2);
    this.setState("reconnecting", Math.round(delay / 1000));
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.connect(), delay);
  }

  becameLive() {
    this.attempt = 0;
    this.setState("live");
    const fresh = [];
    for (const topic of this.topics.keys()) {
      if (this.lastSeq.has(topic)) this.send({ type: "resume", topic, fromSeq: this.lastSeq.get(topic) });
      else fresh.push(topic);
    }
    // One topic a message: the gateway refuses a subscribe whole when one of its topics is refused, and one topic an
    // older server does not know (market:land) must not cost the others.
    for (const topic of fresh) this.send({ type: "subscribe", topics: [topic] });
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.send({ type: "ping" }), 25000);
  }

  receive(text) {
    let message;
    try { message = JSON.parse(text); } catch { return; }
    switch (message.type) {
      case "authenticated":
        this.becameLive();
        break;
      case "subscribed":
        if (message.latestSeq) {
          for (const [topic, seq] of Object.entries(message.latestSeq)) {
            if (!this.lastSeq.has(topic) && typeof seq === "number") this.lastSeq.set(topic, seq);
          }
        }
        if (!this.isLive) this.becameLive();
        break;
      case "event":
        this.deliver(message);
        break;
      case "resync":
        this.lastSeq.set(message.topic, message.latestSeq);
        for (const fn of this.resyncListeners) fn(message.topic);
        break;
      case "result":
      case "error": {
        const request = message.requestId ? this.pending.get(message.requestId) : null;
        if (request) {
          clearTimeout(request.timer);
          this.pending.delete(message.requestId);
          if (message.type === "result") request.resolve(message.data || message);
          else request.reject({ code: message.code, message: message.message });
        } else if (message.type === "error" && /token|unauthor/.test(message.code || "")) {
          this.setState("offline", message.message);
        }
        break;
      }
      default:
        break;
    }
  }

  deliver(message) {
    const topic = message.topic;
    const last = this.lastSeq.get(topic);
    if (typeof message.seq === "number") {
      if (last !== undefined && message.seq <= last) return; // duplicate after a resume
      this.lastSeq.set(topic, message.seq);
    }
    const event = { topic, seq: message.seq, type: message.event || message.eventType || message.kind, data: message.data || {} };
    const set = this.listeners.get(topic);
    if (set) for (const fn of [...set]) fn(event);
  }
}
