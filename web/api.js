// api.js: the REST client. Same-origin API base, bearer token kept in sessionStorage, and the API's
// error contract ({"error": {"code", "message"}}) turned into ApiError with a clear, human message.

const TOKEN_KEY = "worldgame.token";

/** Messages shown for the API's snake_case error codes (the server's own message is kept as detail). */
const CODE_MESSAGES = {
  missing_token: "Please log in first.",
  unauthorized: "Your session is not valid. Please log in again.",
  invalid_token: "Your session is not valid. Please log in again.",
  token_expired: "Your session has expired. Please log in again.",
  token_revoked: "This session was signed out. Please log in again.",
  invalid_credentials: "Wrong username or password.",
  username_taken: "That username is already taken. Choose another one.",
  forbidden: "You are not allowed to do that.",
  account_suspended: "This account is suspended. Contact the operators.",
  suspended: "This account is suspended. Contact the operators.",
  not_found: "Not found.",
  rate_limited: "Too many requests. Wait a moment and try again.",
  insufficient_funds: "You do not have enough available gold for that.",
  bid_too_low: "Your bid is too low.",
  auction_ended: "The auction has ended; bids are no longer accepted.",
  auction_not_open: "This auction is not taking bids.",
  auction_not_found: "That auction does not exist.",
  own_land: "You cannot bid on your own land.",
  auctions_unavailable: "Auctions do not take changes on this node right now. Try again shortly.",
  not_primary: "This node is a standby and cannot take changes right now.",
  payload_too_large: "The request is too large.",
  network_error: "The server could not be reached. Check your connection.",
};

/** An API failure: HTTP status, the server's snake_case code and a message fit for a person (the server's own
 * message, which the API writes for players; a built-in one for codes that arrive without a message). */
export class ApiError extends Error {
  constructor(status, code, serverMessage) {
    super(serverMessage || CODE_MESSAGES[code] || `Request failed (${status}).`);
    this.status = status;
    this.code = code || "http_" + status;
    this.serverMessage = serverMessage || "";
  }
  /** True when the route itself does not exist on this server (a feature that has not landed). */
  get routeMissing() {
    return this.status === 404 && this.code === "not_found" && /no route/i.test(this.serverMessage);
  }
}

export function describeError(error) {
  if (error instanceof ApiError) {
    if (error.routeMissing) return "Not available on this server.";
    return `${error.message} (${error.code})`;
  }
  return error && error.message ? error.message : String(error);
}

let token = sessionStorage.getItem(TOKEN_KEY);
const authListeners = new Set();

export function getToken() { return token; }
export function setToken(value) {
  token = value || null;
  if (token) authFailure = null;
  if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
  for (const listener of authListeners) listener(token);
}
export function onAuthChange(listener) { authListeners.add(listener); }

let authFailure = null;
/** The 401 that ended the session (null when the player logged out): the page says why (suspended, expired). */
export function lastAuthFailure() { return authFailure; }

let tokenChanges = 0;
/** Runs `request` (a password change, a sign-out of other sessions) that revokes the current token and answers a
 * fresh one: meanwhile a 401 on another request (the revocation's own events arrive first) does not sign out. */
export async function whileTokenChanges(request) {
  tokenChanges += 1;
  try { return await request(); } finally { tokenChanges -= 1; }
}

/** Calls the API; resolves with the parsed JSON body, rejects with ApiError. */
export async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const used = token;
  if (used) headers.Authorization = `Bearer ${used}`;
  let response;
  try {
    response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new ApiError(0, "network_error", CODE_MESSAGES.network_error);
  }
  let data = null;
  const text = await response.text();
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (!response.ok) {
    const err = data && data.error ? data.error : {};
    const failure = new ApiError(response.status, err.code, err.message);
    // Only the token this request carried is known bad: a fresh one (password change, sign-out of other sessions)
    // taken while the request was in flight stays.
    if (response.status === 401 && used && token === used && tokenChanges === 0 && !path.startsWith("/api/auth/")) {
      authFailure = failure;
      setToken(null);
    }
    throw failure;
  }
  return data;
}

export const get = (path) => api("GET", path);
export const post = (path, body) => api("POST", path, body ?? {});
export const del = (path) => api("DELETE", path);

/** Milliseconds since the epoch from an RFC 3339 string or a number of milliseconds (events use numbers). */
export function toMillis(value) {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return value;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? null : parsed;
}

export function formatDuration(ms) {
  if (ms <= 0) return "ended";
  const total = Math.floor(ms / 1000);
  const d = Math.floor(total / 86400), h = Math.floor(total / 3600) % 24, m = Math.floor(total / 60) % 60, s = total % 60;
  if (d > 0) return `${d}d ${h}h ${m}m`;
  if (h > 0) return `${h}h ${m}m ${s}s`;
  if (m > 0) return `${m}m ${s}s`;
  return `${s}s`;
}

export function formatTime(value) {
  const ms = toMillis(value);
  return ms === null ? "—" : new Date(ms).toLocaleString();
}

/** Tiny DOM helper: el("p", {class: "x"}, "text", child). */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}
