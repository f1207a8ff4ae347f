"""Auth and abuse checks against the real binary (driven by scripts/e2e/abuse; needs the `websockets` package).

Sections, each printing one `abuse: ok ...` line with its measured figures, or failing with a message:
  tokens       alg:none, algorithm confusion (RS256/ES256 headers, HMAC keyed with public data), signature and payload
               tamper, expired, future nbf and iat, unknown subject, forged admin role; over HTTP and the WebSocket
  brute-force  password guessing on one account hits 429 with Retry-After; the right password is refused too while
               limited (no oracle)
  enumeration  unknown user vs wrong password: same status and body; login time medians within 20%
  idor         every route of /api/openapi.json with a path parameter is in IDOR_TABLE (a new one fails here) and
               is tried on another player's resources; admin routes refuse player tokens
  secrecy      a blind bid's amount appears in no GET route (as another player or anonymous), no WebSocket event to
               another player, no log line (debug level), no metric, and not in the OpenAPI document
  slowloris    300 connections dribbling headers, header floods, oversize bodies (declared and chunked), then 10,000
               idle connections: a probe client stays answered throughout; the server's RSS is sampled
"""
import asyncio
import base64
import hashlib
import hmac
import http.client
import json
import os
import re
import resource
import socket
import statistics
import sys
import threading
import time

import websockets


def fail(message):
    print("abuse: FAIL: " + message, file=sys.stderr)
    sys.exit(1)


def expect(condition, message):
    if not condition:
        fail(message)


class Node:
    """The server under test: its ports, data dir and pid (started by the shell driver)."""

    def __init__(self):
        self.api_port = int(os.environ["ABUSE_API_PORT"])
        self.ws_port = int(os.environ["ABUSE_WS_PORT"])
        self.internal_port = int(os.environ["ABUSE_INTERNAL_PORT"])   # /metrics and /replication/*
        self.data = os.environ["ABUSE_DATA_DIR"]
        self.pid = int(os.environ["ABUSE_PID"])
        self.log = os.environ["ABUSE_LOG"]
        with open(os.path.join(self.data, "secret.key")) as handle:
            self.secret = bytes.fromhex(handle.read().strip())

    def call(self, method, path, body=None, token=None, headers=None, source="127.0.0.1", raw_body=None, port=None):
        """One request on a fresh connection from `source` (any 127.0.0.0/8 address) to the API port (or `port`);
        (status, headers, json)."""
        connection = http.client.HTTPConnection("127.0.0.1", port or self.api_port, timeout=20,
                                                source_address=(source, 0))
        all_headers = {"content-type": "application/json"}
        if token:
            all_headers["authorization"] = "Bearer " + token
        all_headers.update(headers or {})
        data = raw_body if raw_body is not None else (None if body is None else json.dumps(body))
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        payload = response.read()
        connection.close()
        try:
            parsed = json.loads(payload) if payload else None
        except ValueError:
            parsed = payload.decode(errors="replace")
        return response.status, {k.lower(): v for k, v in response.getheaders()}, parsed

    def rss_kib(self):
        with open("/proc/%d/status" % self.pid) as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge(header, claims, key):
    """A compact JWS with `header` and `claims`, HMAC-SHA256 signed with `key` (None: empty signature)."""
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    signature = "" if key is None else b64(hmac.new(key, signing_input.encode(), hashlib.sha256).digest())
    return signing_input + "." + signature


def expect_error(status, body, wanted_status, what):
    expect(status == wanted_status, "%s: status %d, wanted %d (%r)" % (what, status, wanted_status, body))
    expect(isinstance(body, dict) and set(body) == {"error"} and {"code", "message"} <= set(body["error"]),
           "%s: not the contract's error shape: %r" % (what, body))


def register(node, name, password="correct horse battery", source="127.0.0.1"):
    status, _, body = node.call("POST", "/api/auth/register", {"username": name, "password": password}, source=source)
    expect(status == 201, "register %s: %d %r" % (name, status, body))
    return body["player"]["id"], body["token"]


def ws_refuses(node, token):
    """Whether the gateway refuses `token` (handshake refused or closed with a 4xxx code before any event)."""
    async def attempt():
        try:
            async with websockets.connect("ws://127.0.0.1:%d/ws?token=%s" % (node.ws_port, token), open_timeout=5) as ws:
                await ws.send(json.dumps({"type": "subscribe", "topics": ["player:me"]}))
                while True:
                    message = json.loads(await asyncio.wait_for(ws.recv(), timeout=5))
                    if message.get("type") in ("subscribed", "event"):
                        return False
        except websockets.exceptions.ConnectionClosed as closed:
            return closed.rcvd is not None and 4000 <= closed.rcvd.code < 5000
        except websockets.exceptions.InvalidStatus:
            return True
    return asyncio.run(attempt())


def check_tokens(node, player_id, token):
    now = int(time.time())
    good = {"sub": str(player_id), "role": "player", "iat": now - 10, "nbf": now - 10, "exp": now + 600, "jti": "x"}
    hs = {"alg": "HS256", "typ": "JWT"}
    positive = forge(hs, good, node.secret)
    status, _, body = node.call("GET", "/api/me", token=positive)
    expect(status == 200, "control: a token signed with the node's secret must work (%d %r)" % (status, body))
    expect(not ws_refuses(node, positive), "control: the gateway must accept a correctly signed token")
    head, payload, signature = token.split(".")
    tampered_payload = b64(json.dumps(dict(good, sub=str(player_id + 1))).encode())
    flipped = signature[:-2] + ("A" if signature[-2] != "A" else "B") + signature[-1]
    cases = {
        "alg none": forge({"alg": "none", "typ": "JWT"}, good, None),
        "alg None, signature kept": forge({"alg": "None"}, good, None) + signature,
        "RS256 header, HMAC keyed with public data": forge({"alg": "RS256"}, good, b"-----BEGIN PUBLIC KEY-----"),
        "ES256 header": forge({"alg": "ES256", "typ": "JWT"}, good, node.secret),
        "HS512 header": forge({"alg": "HS512", "typ": "JWT"}, good, node.secret),
        "crit header": forge({"alg": "HS256", "crit": ["exp"]}, good, node.secret),
        "another key": forge(hs, good, b"k" * 32),
        "payload swapped, signature kept": head + "." + tampered_payload + "." + signature,
        "signature flipped": head + "." + payload + "." + flipped,
        "signature dropped": head + "." + payload + ".",
        "expired": forge(hs, dict(good, iat=now - 7200, nbf=now - 7200, exp=now - 3600), node.secret),
        "nbf in the future": forge(hs, dict(good, nbf=now + 3600), node.secret),
        "iat in the future": forge(hs, dict(good, iat=now + 3600, nbf=now - 10), node.secret),
        "subject not a number": forge(hs, dict(good, sub="1 OR 1=1"), node.secret),
        "exp as a string": forge(hs, dict(good, exp=str(now + 600)), node.secret),
        "forged admin role, wrong key": forge(hs, dict(good, role="admin"), b"x" * 32),
        "token too long": forge(hs, dict(good, jti="j" * 5000), node.secret),
        "not a JWT": "hello",
    }
    for name, forged in cases.items():
        status, headers, body = node.call("GET", "/api/me", token=forged)
        expect_error(status, body, 401, "token '%s' on GET /api/me" % name)
        expect(ws_refuses(node, forged), "token '%s': the WebSocket gateway did not refuse it" % name)
    status, _, body = node.call("GET", "/api/admin/ledger", token=token)
    expect_error(status, body, 403, "a player's token on an admin route")
    # A correctly signed token whose player does not exist (players cannot be deleted, so only the key holder can
    # make one): /api/me refuses it, and writes fail on the missing player, never with a 5xx.
    ghost = forge(hs, dict(good, sub="987654321"), node.secret)
    status, _, body = node.call("GET", "/api/me", token=ghost)
    expect_error(status, body, 401, "unknown subject on GET /api/me")
    ghost_writes = {}
    for method, path, payload in (("POST", "/api/marketplace/orders", {"resource": "wheat", "side": "buy", "quantity": 1, "price": 1}),
                                  ("POST", "/api/merges", {"squareIds": [1, 2]})):
        status, _, body = node.call(method, path, payload, ghost)
        ghost_writes[path] = status
        expect(400 <= status < 500, "unknown subject on %s %s: %d %r" % (method, path, status, body))
    # Signing out: the old token stops at once over HTTP and at the gateway; the fresh one works.
    _, old_token = register(node, "revokee", source="127.0.7.2")
    status, _, body = node.call("POST", "/api/me/sessions/revoke", None, old_token, source="127.0.7.2")
    expect(status == 200 and "token" in body, "sign out other sessions: %d %r" % (status, body))
    status, _, revoked = node.call("GET", "/api/me", token=old_token)
    expect_error(status, revoked, 401, "a signed-out token on GET /api/me")
    expect(revoked["error"]["code"] == "token_revoked", "signed-out token code: %r" % revoked)
    expect(ws_refuses(node, old_token), "the gateway did not refuse a signed-out token")
    status, _, _ = node.call("GET", "/api/me", token=body["token"])
    expect(status == 200, "the fresh token after sign-out must work: %d" % status)
    print("abuse: ok tokens: %d forged or invalid tokens refused with 401 over HTTP and by the gateway; an unknown "
          "subject gets 401 on /api/me and %s on writes; a signed-out token is refused by both" % (len(cases), ghost_writes))


def check_brute_force(node):
    register(node, "victim", "the-right-password")
    statuses, retry_after = [], None
    for attempt in range(12):
        status, headers, body = node.call("POST", "/api/auth/login", {"username": "victim", "password": "guess-%d" % attempt},
                                          source="127.0.0.%d" % (10 + attempt))
        statuses.append(status)
        if status == 429:
            retry_after = headers.get("retry-after")
            expect_error(status, body, 429, "rate-limited login")
    expect(statuses[:5] == [401] * 5, "the first guesses must be 401: %r" % statuses)
    expect(statuses[-1] == 429 and retry_after is not None and int(retry_after) >= 1,
           "guessing must hit 429 with Retry-After: %r, Retry-After %r" % (statuses, retry_after))
    status, _, _ = node.call("POST", "/api/auth/login", {"username": "victim", "password": "the-right-password"},
                             source="127.0.0.99")
    expect(status == 429, "while limited the right password must also get 429 (else the limiter is an oracle): %d" % status)
    # The per-address limit: one address guessing over many usernames.
    address_statuses = [node.call("POST", "/api/auth/login", {"username": "nobody%d" % i, "password": "whatever-1"},
                                  source="127.0.1.1")[0] for i in range(30)]
    expect(429 in address_statuses, "one address guessing many usernames must hit 429: %r" % address_statuses)
    # Guessing the current password through the password change (a stolen token) shares login's buckets.
    _, victim_token = register(node, "victim2", "the-right-password")
    change_statuses = []
    for attempt in range(12):
        status, headers, body = node.call("POST", "/api/me/password",
                                          {"currentPassword": "guess-%d" % attempt, "newPassword": "new-password-1"},
                                          victim_token, source="127.0.2.%d" % (10 + attempt))
        change_statuses.append(status)
        if status == 429:
            expect_error(status, body, 429, "rate-limited password change")
            expect(headers.get("retry-after") is not None, "a limited password change needs Retry-After")
    expect(change_statuses[:5] == [401] * 5 and change_statuses[-1] == 429,
           "password-change guesses must be 401 then 429: %r" % change_statuses)
    status, _, _ = node.call("POST", "/api/auth/login", {"username": "victim2", "password": "the-right-password"},
                             source="127.0.2.99")
    expect(status == 429, "after password-change guesses the login of that account must be limited too: %d" % status)
    print("abuse: ok password change: %d guesses of the current password -> %d x 401 then 429, login limited too"
          % (len(change_statuses), change_statuses.count(401)))
    print("abuse: ok brute-force: %d guesses on one account -> %d x 401 then 429 (Retry-After %s s); "
          "one address over 30 usernames limited after %d" % (len(statuses), statuses.count(401), retry_after,
                                                            address_statuses.index(429)))


def check_enumeration(node, samples=25):
    names = ["enum%02d" % i for i in range(samples)]
    for index, name in enumerate(names):
        register(node, name, "real-password-%d" % index, source="127.0.2.%d" % (index + 1))

    def timed(username, source):
        started = time.perf_counter()
        status, _, body = node.call("POST", "/api/auth/login", {"username": username, "password": "wrong-password"},
                                    source=source)
        return time.perf_counter() - started, status, body

    known, unknown = [], []
    # Interleaved so load drift hits both sides alike, and in alternating order: whichever request follows the other
    # meets the tail of its work (the log line, the hashing thread handing back), so a fixed order would bias one side.
    for index, name in enumerate(names):
        if index % 2 == 0:
            known.append(timed(name, "127.0.3.%d" % (index + 1)))
            unknown.append(timed("ghost%02d" % index, "127.0.4.%d" % (index + 1)))
        else:
            unknown.append(timed("ghost%02d" % index, "127.0.4.%d" % (index + 1)))
            known.append(timed(name, "127.0.3.%d" % (index + 1)))
    for (_, status, body), (_, status2, body2) in zip(known, unknown):
        expect(status == 401 and status2 == 401, "enumeration: statuses %d vs %d" % (status, status2))
        expect(body == body2, "enumeration: different answers: %r vs %r" % (body, body2))
    known_median = statistics.median(t for t, _, _ in known) * 1000
    unknown_median = statistics.median(t for t, _, _ in unknown) * 1000
    ratio = unknown_median / known_median
    expect(0.8 <= ratio <= 1.25, "enumeration: login medians differ: wrong password %.1f ms, unknown user %.1f ms"
           % (known_median, unknown_median))
    print("abuse: ok enumeration: same 401 body; login median wrong password %.1f ms, unknown user %.1f ms "
          "(ratio %.2f, %d samples each)" % (known_median, unknown_median, ratio, samples))


def admin_token(node):
    status, _, body = node.call("POST", "/api/auth/login", {"username": "abuseadmin", "password": "admin-password"},
                                source="127.0.5.1")
    expect(status == 200, "admin login: %d %r" % (status, body))
    return body["token"]


def free_squares(node, count):
    status, _, body = node.call("GET", "/api/land-squares?minX=-3&minY=-3&maxX=3&maxY=3")
    expect(status == 200, "land squares: %d" % status)
    squares = body["squares"] if isinstance(body, dict) else body
    free = [s for s in squares if s["ownerId"] is None and not s["isLocked"]]
    by_position = {(s["x"], s["y"]): s for s in free}
    for square in free:  # two adjacent squares, so one of them can be merged later
        right = by_position.get((square["x"] + 1, square["y"]))
        if right:
            return [square["id"], right["id"]][:count]
    fail("no two adjacent free squares near (0,0)")


def win_squares(node, admin, bidder_token, squares, amount=10):
    """A 1-second blind auction of `squares` won by the bidder; waits for its settlement."""
    status, _, auction = node.call("POST", "/api/admin/auctions", {"landSquares": squares, "auctionType": "blind",
                                   "durationSeconds": 1, "reservePrice": 1}, admin)
    expect(status == 201, "create auction: %d %r" % (status, auction))
    status, _, body = node.call("POST", "/api/auctions/%d/bid" % auction["id"], {"amount": amount}, bidder_token)
    expect(status == 201, "bid: %d %r" % (status, body))
    deadline = time.time() + 20
    while time.time() < deadline:
        _, _, square = node.call("GET", "/api/land-squares/%d" % squares[0])
        if square.get("ownerId") is not None and not square.get("isLocked"):
            return auction["id"]
        time.sleep(0.2)
    fail("auction %d did not settle within 20 s" % auction["id"])


def refused(status):
    return status in (403, 404, 409, 422)


def check_idor(node, admin):
    """Player B owns a square, a listing and an order; player A tries every id-taking route on them."""
    a_id, a_token = register(node, "idor_a", source="127.0.6.1")
    b_id, b_token = register(node, "idor_b", source="127.0.6.2")
    squares = free_squares(node, 2)
    win_squares(node, admin, b_token, squares)
    status, _, body = node.call("POST", "/api/marketplace/orders",
                                {"resource": "wheat", "side": "buy", "quantity": 1, "price": 1}, b_token)
    expect(status == 201, "B's order: %d %r" % (status, body))
    order_id = body["order"]["id"]
    status, _, body = node.call("POST", "/api/marketplace/listings", {"squareId": squares[1], "price": 50}, b_token)
    expect(status == 201, "B's listing: %d %r" % (status, body))
    listing_id = body["listing"]["id"]
    seen = {}

    def attempt(method, path, body=None):
        status, _, answer = node.call(method, path, body, a_token)
        seen[(method, path)] = status
        expect(refused(status), "IDOR: A's %s %s on B's resource answered %d %r" % (method, path, status, answer))

    def attempt_exactly(expected, method, path, body=None):
        attempt(method, path, body)
        expect(seen[(method, path)] == expected,
               "IDOR: A's %s %s on B's resource answered %d, not %d" % (method, path, seen[(method, path)], expected))

    table = {
        ("DELETE", "/api/marketplace/orders/{id}"): lambda: attempt("DELETE", "/api/marketplace/orders/%d" % order_id),
        ("DELETE", "/api/marketplace/listings/{id}"): lambda: attempt("DELETE", "/api/marketplace/listings/%d" % listing_id),
        ("POST", "/api/land-squares/{id}/upgrades"): lambda: attempt("POST", "/api/land-squares/%d/upgrades" % squares[0],
                                                                    {"kind": "farm_level"}),
        # Auctioning B's square is the owner's right only: exactly 403 not_your_square.
        ("POST", "/api/land-squares/{id}/auctions"): lambda: attempt_exactly(
            403, "POST", "/api/land-squares/%d/auctions" % squares[0],
            {"auctionType": "blind", "durationSeconds": 60, "reservePrice": 0}),
        # Acting on another's resource is the route's purpose, or it only reads public data:
        ("POST", "/api/marketplace/listings/{id}/buy"): lambda: None,   # buying B's listing is allowed (checked below)
        ("POST", "/api/auctions/{auctionId}/bid"): lambda: None,        # bids act for the caller only
        ("GET", "/api/auctions/{id}"): lambda: None,                    # public; blind amounts: see secrecy
        ("GET", "/api/land-squares/{id}"): lambda: None,                # public map data
        ("GET", "/api/marketplace/book/{resource}"): lambda: None,      # public order book, no player ids
        # The operators' routes: a player's token is refused with exactly 403 forbidden, whoever the target is.
        ("GET", "/api/admin/players/{playerId}"): lambda: attempt_exactly(403, "GET", "/api/admin/players/%d" % b_id),
        ("POST", "/api/admin/players/{playerId}/suspend"): lambda: attempt_exactly(
            403, "POST", "/api/admin/players/%d/suspend" % b_id, {"reason": "idor"}),
        ("POST", "/api/admin/players/{playerId}/reinstate"): lambda: attempt_exactly(
            403, "POST", "/api/admin/players/%d/reinstate" % b_id),
        ("POST", "/api/admin/auctions/{auctionId}/cancel"): lambda: attempt_exactly(
            403, "POST", "/api/admin/auctions/1/cancel", {"reason": "idor"}),
        ("GET", "/api/admin/auctions/{auctionId}/bids"): lambda: attempt_exactly(403, "GET", "/api/admin/auctions/1/bids"),
        ("POST", "/api/admin/jobs/{jobId}/retry"): lambda: attempt_exactly(403, "POST", "/api/admin/jobs/1/retry"),
        ("POST", "/api/admin/jobs/{jobId}/cancel"): lambda: attempt_exactly(403, "POST", "/api/admin/jobs/1/cancel"),
    }
    # The replication routes are on the internal listener only (x-internal-listener, not paths): the API port 404s them.
    for method in ("GET", "DELETE"):
        path = "/replication/snapshots/0123456789abcdef"
        status, _, answer = node.call(method, path, None, a_token)
        expect(status == 404, "IDOR: the public API port answered %s %s with %d %r" % (method, path, status, answer))
    _, _, document = node.call("GET", "/api/openapi.json")
    with_parameters = sorted((method.upper(), path) for path, operations in document["paths"].items() if "{" in path
                             for method in operations if method in ("get", "post", "put", "patch", "delete"))
    missing = [route for route in with_parameters if route not in table]
    expect(not missing, "IDOR: routes with a path parameter and no IDOR check (add them to the table): %r" % missing)
    for route in with_parameters:
        table[route]()
    # Ids in bodies: B's squares in A's merge and A's listing.
    attempt("POST", "/api/merges", {"squareIds": squares})
    attempt("POST", "/api/marketplace/listings", {"squareId": squares[0], "price": 5})
    # B's things are untouched.
    _, _, orders = node.call("GET", "/api/marketplace/orders", token=b_token)
    expect(any(o["id"] == order_id and o["status"] == "open" for o in orders["orders"]), "B's order was changed")
    _, _, square = node.call("GET", "/api/land-squares/%d" % squares[0])
    expect(square["ownerId"] == b_id, "B's square changed owner")
    # Buying your own listing must be refused; buying B's works and moves the square to A.
    status, _, _ = node.call("POST", "/api/marketplace/listings/%d/buy" % listing_id, None, b_token)
    expect(refused(status), "B buying B's own listing answered %d" % status)
    admin_routes = sorted((method.upper(), path) for path, operations in document["paths"].items()
                          if path.startswith("/api/admin/") for method in operations)
    for method, path in admin_routes:
        concrete = re.sub(r"\{[^}]+\}", "1", path)
        status, _, body = node.call(method, concrete, {} if method == "POST" else None, a_token)
        expect_error(status, body, 403, "player token on %s %s" % (method, concrete))
    # B is untouched by A's admin attempts (not suspended), and the same routes do answer an operator.
    status, _, _ = node.call("GET", "/api/me", token=b_token)
    expect(status == 200, "B's token stopped working after A's admin attempts: %d" % status)
    status, _, body = node.call("GET", "/api/admin/players/%d" % b_id, token=admin)
    expect(status == 200 and body["player"]["suspended"] is False, "the operator's view of B: %d %r" % (status, body))
    print("abuse: ok idor: %d routes with ids walked from the OpenAPI document; A on B's resources: %s; "
          "%d admin routes refuse a player token (403)" % (len(with_parameters),
                                                            ", ".join("%s %s -> %d" % (m, p, s) for (m, p), s in sorted(seen.items())),
                                                            len(admin_routes)))
    return a_token, b_token


SECRET_AMOUNT = 918273


def contains_amount(text):
    return re.search(r"(?<![0-9])%d(?![0-9])" % SECRET_AMOUNT, text) is not None


def check_secrecy(node, admin, a_token, b_token):
    status, _, squares = node.call("GET", "/api/land-squares?minX=-6&minY=-6&maxX=6&maxY=6")
    square_list = squares["squares"] if isinstance(squares, dict) else squares
    free = [s["id"] for s in square_list if s["ownerId"] is None and not s["isLocked"]]
    expect(free, "no free square for the blind auction")
    status, _, auction = node.call("POST", "/api/admin/auctions", {"landSquares": free[:1], "auctionType": "blind",
                                   "durationSeconds": 120, "reservePrice": 1}, admin)
    expect(status == 201, "blind auction: %d %r" % (status, auction))
    auction_id = auction["id"]
    frames = []

    async def listen(ready, done):
        async with websockets.connect("ws://127.0.0.1:%d/ws?token=%s" % (node.ws_port, a_token)) as ws:
            await ws.send(json.dumps({"type": "subscribe", "topics": ["auctions", "auction:%d" % auction_id, "player:me"]}))
            ready.set()
            while not done.is_set():
                try:
                    frames.append(await asyncio.wait_for(ws.recv(), timeout=0.2))
                except asyncio.TimeoutError:
                    pass

    ready, done = threading.Event(), threading.Event()
    listener = threading.Thread(target=lambda: asyncio.run(listen(ready, done)), daemon=True)
    listener.start()
    expect(ready.wait(10), "the WebSocket listener did not subscribe")
    time.sleep(0.3)
    status, _, body = node.call("POST", "/api/auctions/%d/bid" % auction_id, {"amount": SECRET_AMOUNT}, b_token)
    expect(status == 201, "secret bid: %d %r" % (status, body))
    status, _, body = node.call("POST", "/api/auctions/%d/bid" % auction_id, {"amount": 12}, a_token)
    expect(status == 201, "A's bid: %d %r" % (status, body))
    time.sleep(1.0)
    done.set()
    listener.join(5)
    expect(any("bid" in frame for frame in frames), "control: A's subscription saw no bid event at all: %r" % frames[:3])
    for frame in frames:
        expect(not contains_amount(frame), "secrecy: the WebSocket sent B's blind amount to A: %s" % frame)
    # Control: B sees B's own amount, so the search below would find a leak.
    _, _, own = node.call("GET", "/api/auctions/%d" % auction_id, token=b_token)
    expect(contains_amount(json.dumps(own)), "control: B's own view must show B's amount: %r" % own)
    _, _, document = node.call("GET", "/api/openapi.json")
    checked = 0
    for path, operations in sorted(document["paths"].items()):
        if "get" not in operations:
            continue
        concrete = (path.replace("{id}", str(auction_id if "auction" in path else free[0]))
                    .replace("{resource}", "wheat"))
        if path == "/api/land-squares":
            concrete += "?minX=-6&minY=-6&maxX=6&maxY=6"
        for who, token in (("player A", a_token), ("anonymous", None), ("admin", admin)):
            status, _, body = node.call("GET", concrete, token=token)
            expect(not contains_amount(json.dumps(body)), "secrecy: GET %s as %s shows B's blind amount" % (concrete, who))
            checked += 1
        if path == "/api/auctions":
            for query in ("?status=open", "?status=closed"):
                for token in (a_token, None):
                    _, _, body = node.call("GET", path + query, token=token)
                    expect(not contains_amount(json.dumps(body)), "secrecy: GET %s%s shows the amount" % (path, query))
                    checked += 1
    # The one deliberate exception: an operator's bid list shows the amounts, and the view is written to the audit
    # trail while the auction runs; a player gets 403.
    bids_path = "/api/admin/auctions/%d/bids" % auction_id
    status, _, body = node.call("GET", bids_path, token=a_token)
    expect(status == 403, "secrecy: a player's GET %s answered %d" % (bids_path, status))
    status, _, body = node.call("GET", bids_path, token=admin)
    expect(status == 200 and contains_amount(json.dumps(body)), "the operator's bid list: %d %r" % (status, body))
    _, _, audit = node.call("GET", "/api/admin/audit?limit=5", token=admin)
    expect(any(e["action"] == "auction.bids_view" and e["target"] == "auction:%d" % auction_id for e in audit["entries"]),
           "secrecy: the operator's view of sealed bids is not in the audit trail: %r" % audit)
    expect(not contains_amount(json.dumps(audit)), "secrecy: the audit trail shows the amount")
    status, _, metrics = node.call("GET", "/metrics", port=node.internal_port)
    expect(status == 200, "secrecy: /metrics on the internal listener answered %d" % status)
    expect(not contains_amount(str(metrics)), "secrecy: /metrics shows the amount")
    expect(not contains_amount(json.dumps(document)), "secrecy: the OpenAPI document shows the amount")
    with open(node.log, errors="replace") as handle:
        log = handle.read()
    expect(log.count("\n") > 10, "control: the server log is empty")
    expect(not contains_amount(log), "secrecy: the server log shows the amount: %s"
           % [line for line in log.splitlines() if contains_amount(line)][:2])
    print("abuse: ok secrecy: blind amount absent from %d GET responses (A, anonymous, admin), %d WebSocket frames "
          "to A, %d debug log lines, /metrics and the OpenAPI document" % (checked, len(frames), log.count("\n")))


class Probe:
    """A normal client: GET /health on a fresh connection every 100 ms; records latencies and failures; also
    samples the server's RSS."""

    def __init__(self, node):
        self.node, self.latencies, self.failures, self.rss = node, [], [], []
        self.phase = "start"
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def run(self):
        while not self.stop.is_set():
            started = time.perf_counter()
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.node.api_port, timeout=3,
                                                        source_address=("127.0.9.1", 0))
                connection.request("GET", "/health")
                response = connection.getresponse()
                response.read()
                connection.close()
                if response.status != 200:
                    self.failures.append("%s: status %d" % (self.phase, response.status))
                self.latencies.append(time.perf_counter() - started)
            except OSError as error:
                self.failures.append("%s: %r" % (self.phase, error))
            self.rss.append(self.node.rss_kib())
            time.sleep(0.1)

    def report(self):
        latencies = sorted(self.latencies) or [0]
        return "probe %d requests, %d failed, p50 %.1f ms, max %.1f ms" % (
            len(self.latencies) + len(self.failures), len(self.failures),
            latencies[len(latencies) // 2] * 1000, latencies[-1] * 1000)


def open_socket(node, index):
    sock = socket.socket()
    sock.settimeout(5)
    sock.bind(("127.0.%d.%d" % (20 + index // 250, 1 + index % 250), 0))
    sock.connect(("127.0.0.1", node.api_port))
    return sock


def is_closed_by_server(sock):
    """True when the server has answered (e.g. 408) and/or closed the connection."""
    sock.setblocking(False)
    try:
        data = sock.recv(65536)
        return True if data == b"" or data.startswith(b"HTTP/1.1 4") else False
    except BlockingIOError:
        return False
    except OSError:
        return True


def answer_status(sock):
    """The status code of the first answer on `sock`, or "closed" when the server closed it without one."""
    try:
        return sock.recv(64).split(b" ")[1].decode()
    except (OSError, IndexError):
        return "closed"


def check_slowloris_and_floods(node, idle_count):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    probe = Probe(node)
    probe.thread.start()
    baseline_rss = node.rss_kib()
    # 1. Slowloris: 300 connections send a header byte every 0.5 s; the header deadline must close them all.
    probe.phase = "slowloris"
    loris = [open_socket(node, i) for i in range(300)]
    for sock in loris:
        sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n")
    started = time.time()
    open_ones = list(loris)
    while open_ones and time.time() - started < 15:
        open_ones = [sock for sock in open_ones if not is_closed_by_server(sock)]
        for sock in open_ones:
            try:
                sock.setblocking(True)
                sock.sendall(b"X")
            except OSError:
                pass
        time.sleep(0.5)
    loris_seconds = time.time() - started
    closed = len(loris) - len(open_ones)
    for sock in loris:
        sock.close()
    expect(closed == len(loris), "slowloris: only %d of %d dribbling connections were closed after %.0f s"
           % (closed, len(loris), loris_seconds))
    # 2. Header floods: 100 KB of headers, and 5,000 small headers, on 40 connections each.
    probe.phase = "header floods"
    flood_statuses = []
    for shape in (b"X-Big: " + b"a" * 100_000 + b"\r\n", b"".join(b"X-%d: v\r\n" % i for i in range(5000))):
        for index in range(40):
            sock = open_socket(node, 400 + index)
            try:
                sock.sendall(b"GET /health HTTP/1.1\r\nHost: x\r\n" + shape + b"\r\n")
            except OSError:
                pass
            flood_statuses.append(answer_status(sock))
            sock.close()
    expect(all(status in ("431", "closed") for status in flood_statuses), "header floods: %r" % set(flood_statuses))
    # 3. Oversize bodies: a declared 1 GB body and an endless chunked body.
    probe.phase = "oversize bodies"
    sizes = []
    sock = open_socket(node, 500)
    sock.sendall(b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Content-Length: 1000000000\r\n\r\n")
    sizes.append(answer_status(sock))
    sock.close()
    sock = open_socket(node, 501)
    sock.sendall(b"POST /api/auth/login HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
    sent = 0
    try:
        while sent < 64 << 20:
            sock.sendall(b"100000\r\n" + b"a" * 0x100000 + b"\r\n")
            sent += 0x100000
    except OSError:
        pass
    sizes.append(answer_status(sock))
    sock.close()
    expect(sizes[0] == "413" and sizes[1] in ("413", "closed"), "oversize bodies: %r" % sizes)
    # 4. Idle connections: open them all, hold them while the probe keeps asking, then let go.
    probe.phase = "idle connections"
    before_idle = node.rss_kib()
    idle, errors = [], 0
    for index in range(idle_count):
        try:
            idle.append(open_socket(node, 1000 + index))
        except OSError:
            errors += 1
    time.sleep(3)
    with_idle = node.rss_kib()
    held = sum(1 for sock in idle if not is_closed_by_server(sock))
    for sock in idle:
        sock.close()
    time.sleep(1)
    probe.stop.set()
    probe.thread.join(5)
    peak = max(probe.rss or [0])
    expect(not probe.failures, "the probe client failed during the abuse: %r (%s)" % (probe.failures[:3], probe.report()))
    expect(max(probe.latencies) < 2.0, "the probe client waited over 2 s: %s" % probe.report())
    expect(peak < baseline_rss + 512 * 1024, "RSS grew from %d KiB to %d KiB" % (baseline_rss, peak))
    print("abuse: ok slowloris and floods: 300 dribbling connections closed after %.1f s; header floods %s; "
          "oversize bodies %s" % (loris_seconds, sorted(set(flood_statuses)), sizes))
    print("abuse: ok idle: %d connections opened (%d connect errors), %d still open after 3 s; RSS %d KiB before, "
          "%d KiB with them (%.1f KiB each), peak %d KiB; %s" % (
              len(idle), errors, held, before_idle, with_idle, (with_idle - before_idle) / max(1, len(idle)),
              peak, probe.report()))


def main():
    node = Node()
    sections = sys.argv[1:] or ["tokens", "brute-force", "enumeration", "idor", "secrecy", "slowloris"]
    player_id, token = register(node, "abuse_player", source="127.0.7.1")
    admin = admin_token(node)
    a_token = b_token = None
    for section in sections:
        if section == "tokens":
            check_tokens(node, player_id, token)
        elif section == "brute-force":
            check_brute_force(node)
        elif section == "enumeration":
            check_enumeration(node)
        elif section == "idor":
            a_token, b_token = check_idor(node, admin)
        elif section == "secrecy":
            if a_token is None:
                a_token, b_token = register(node, "secret_a")[1], register(node, "secret_b")[1]
            check_secrecy(node, admin, a_token, b_token)
        elif section == "slowloris":
            check_slowloris_and_floods(node, int(os.environ.get("ABUSE_IDLE_CONNECTIONS", "10000")))
        else:
            fail("unknown section " + section)


if __name__ == "__main__":
    main()
