"""worldgame load test: simulated players against a real node on 127.0.0.1, for a minute or for hours.

Each simulated player registers (its token comes back from registration, so no login is rate limited), holds one
WebSocket subscription to `auctions`, `player:me` and `market:wheat`, and then loops over a realistic mix with think
time: browse the map (land squares around a random point, a square, the regions), look at auctions and bid in them
(over HTTP, and now and then over the socket), look at the order book and trade wheat (buy from the market maker or
other players, sell back what it holds), and now and then put a square it won up for auction itself
(`POST /api/land-squares/{id}/auctions`, the owner's on-demand route), so land keeps changing hands.

The game stays alive for any length of run. An auction keeper (one greenlet, the operator created by the runner with
`worldgame admin create`) keeps `WORLDGAME_AUCTIONS` operator auctions open through `POST /api/admin/auctions` on
unowned squares of the open regions, rescanning them (a region the world opens joins in), and replaces each auction as
it ends; the first batch lasts `WORLDGAME_FIRST_WAVE_SECONDS` (all at once: one settlement wave early in the run), the
later ones a random length in `WORLDGAME_AUCTION_SECONDS` (`MIN-MAX`), so settlements happen all through the run. The
operator is used rather than players' owner auctions alone because unowned land can only be auctioned by the game or
an operator, and because it needs no land won first: bids succeed from the first second. Players' owner auctions
take over when every open square is owned. Players bid only in auctions the pool knows to be open (created by the
keeper or a player, each with its end time, moved when a bid extends it); a bid refused because the auction ended or
is no longer open drops it from the pool and is reported as `(refused auction_ended)` / `(refused auction_not_open)`,
so a load that keeps bidding into closed auctions shows in the table (and `report.py` fails it).

Sockets reconnect: when the node closes one (1012 "service restart" in a switchover, 1001 going away) or the
connection is lost, the player reconnects with backoff and sends `resume` for each topic from the highest `seq` it saw
(or takes the `latestSeq` of a `resync`), reported as `WS reconnect` (the time from loss to resumed) and
`WS socket closed <code>`; only a socket that cannot reconnect within 60 s is a failure.

Event receipt is measured, not assumed: after an accepted HTTP bid the player waits for its own `bid_accepted` event on
`player:me` and reports the time from sending the bid to receiving the event as `WS bid_accepted event`. Socket bids
report their round trip as `WS bid`. Responses the game may legitimately give under contention (a bid too low on an open
auction, an auction that just closed, a market cap reached) count as successes with their own request name suffix
naming the code, so a failure in the table is always unexpected.

Environment (set by loadtest/run and scripts/memory-soak): WORLDGAME_WS_URL, WORLDGAME_OPERATOR,
WORLDGAME_OPERATOR_PASSWORD, WORLDGAME_AUCTIONS (operator auctions kept open, default 40), WORLDGAME_AUCTION_SECONDS
(length of each, `MIN-MAX` seconds, default 60-240), WORLDGAME_FIRST_WAVE_SECONDS (length of the first batch, default
the MAX of the range), WORLDGAME_LATENCY_FILE (where per-request latencies in microseconds go as JSON for the runner's
table).
"""

import itertools
import json
import os
import random
import time
from datetime import datetime

import gevent
import websocket
from locust import FastHttpUser, between, events, task
from locust.contrib.fasthttp import FastHttpSession


def seconds_range(text):
    low, _, high = text.partition("-")
    low, high = int(low), int(high or low)
    if not 1 <= low <= high:
        raise ValueError("WORLDGAME_AUCTION_SECONDS must be MIN-MAX with 1 <= MIN <= MAX, got %r" % text)
    return low, high


WS_URL = os.environ.get("WORLDGAME_WS_URL", "ws://127.0.0.1:4001/ws")
OPERATOR = os.environ.get("WORLDGAME_OPERATOR", "operator")
OPERATOR_PASSWORD = os.environ.get("WORLDGAME_OPERATOR_PASSWORD", "operator-password")
AUCTION_COUNT = int(os.environ.get("WORLDGAME_AUCTIONS", "40"))
AUCTION_SECONDS = seconds_range(os.environ.get("WORLDGAME_AUCTION_SECONDS", "60-240"))
FIRST_WAVE_SECONDS = int(os.environ.get("WORLDGAME_FIRST_WAVE_SECONDS", str(AUCTION_SECONDS[1])))
LATENCY_FILE = os.environ.get("WORLDGAME_LATENCY_FILE", "")
EVENT_TIMEOUT_SECONDS = 10.0
RECONNECT_GIVE_UP_SECONDS = 60.0
AUCTION_TYPES = ("open", "blind", "vickrey")
# Codes a correct server gives under contention (409 or 422); anything else is a failure.
EXPECTED_BID_REFUSALS = {"bid_too_low", "auction_ended", "auction_not_open", "insufficient_funds", "own_land"}
CLOSED_AUCTION_REFUSALS = {"auction_ended", "auction_not_open"}
EXPECTED_ORDER_REFUSALS = {"market_maker_cap_reached", "insufficient_funds", "insufficient_resources", "no_liquidity"}
# A square sold, merged or put up by someone else between the scan and the creation.
EXPECTED_CREATION_REFUSALS = {"squares_unavailable", "not_your_square", "conflict"}

player_numbers = itertools.count(1)
run_tag = "%x" % (int(time.time() * 1000) % 0xFFFFFF)
latencies = {}   # request name -> list of latencies in microseconds
# The auctions known to be open: id -> {"ends": Unix seconds, "seller": player id or None, "origin": who created it}.
pool = {}
keeper = {"greenlet": None}


def end_seconds(body, fallback):
    """The `endTime` of an auction or bid answer (RFC 3339) in Unix seconds, or `fallback`."""
    try:
        return datetime.fromisoformat(body["endTime"].replace("Z", "+00:00")).timestamp()
    except (KeyError, TypeError, ValueError):
        return fallback


def open_auctions(exclude_seller=None):
    now = time.time()
    return [(auction_id, auction) for auction_id, auction in list(pool.items())
            if auction["ends"] > now + 0.5 and auction["seller"] != exclude_seller]


def refusal(response, expected, name):
    """A 403/409/422 with an expected code is reported as a success under `name (refused CODE)` and its code
    returned; anything else fails (None)."""
    code = None
    try:
        code = response.json()["error"]["code"]
    except Exception:
        pass
    if response.status_code in (403, 409, 422) and code in expected:
        response.success()
        response.request_meta["name"] = f"{name} (refused {code})"
        return code
    response.failure(f"status {response.status_code} {code}")
    return None


@events.request.add_listener
def record_latency(request_type, name, response_time, exception, **kwargs):
    if exception is None:
        latencies.setdefault(f"{request_type} {name}", []).append(int(response_time * 1000))


@events.quitting.add_listener
def write_latencies(environment, **kwargs):
    if LATENCY_FILE:
        with open(LATENCY_FILE, "w") as handle:
            json.dump(latencies, handle)


class AuctionKeeper:
    """The operator's side of the load: keeps `AUCTION_COUNT` operator auctions open on unowned squares."""

    RESCAN_SECONDS = 30

    def __init__(self, environment):
        self.client = FastHttpSession(environment.host, environment.events.request, user=None)
        self.headers = {}
        self.free = []
        self.scanned_at = 0.0
        self.is_first_batch = True

    def log_in(self):
        login = self.client.post("/api/auth/login", json={"username": OPERATOR, "password": OPERATOR_PASSWORD},
                                 name="operator login")
        self.headers = {"Authorization": f"Bearer {login.json()['token']}"}

    def scan(self):
        """Unowned, unlocked, unmerged squares of the open regions, shuffled (the regions' 16x16 squares)."""
        regions = [r for r in self.client.get("/api/regions", name="operator regions").json()["regions"]
                   if r["isOpen"]]
        free = []
        for region in regions:
            area = f"minX={region['minX']}&minY={region['minY']}&maxX={region['minX'] + 15}&maxY={region['minY'] + 15}"
            squares = self.client.get(f"/api/land-squares?{area}", name="operator land-squares").json()["squares"]
            free += [s["id"] for s in squares if s["ownerId"] is None and not s["isLocked"] and not s.get("merges")]
        random.shuffle(free)
        self.free = free
        self.scanned_at = time.time()

    def top_up(self):
        now = time.time()
        for auction_id, auction in list(pool.items()):
            if auction["ends"] <= now:
                pool.pop(auction_id, None)
        missing = AUCTION_COUNT - sum(1 for auction in pool.values() if auction["origin"] == "operator")
        if missing <= 0:
            return
        if len(self.free) < missing and now - self.scanned_at > self.RESCAN_SECONDS:
            self.scan()
        seconds = FIRST_WAVE_SECONDS if self.is_first_batch else None
        self.is_first_batch = False
        while missing > 0 and self.free:
            square = self.free.pop()
            duration = seconds or random.randint(*AUCTION_SECONDS)
            kind = random.choice(AUCTION_TYPES)
            with self.client.post("/api/admin/auctions", headers=self.headers, name="operator create auction",
                                  json={"landSquares": [square], "auctionType": kind, "durationSeconds": duration,
                                        "reservePrice": 1}, catch_response=True) as response:
                if response.status_code == 201:
                    body = response.json()
                    pool[body["id"]] = {"ends": end_seconds(body, time.time() + duration), "seller": None,
                                        "origin": "operator"}
                    missing -= 1
                elif response.status_code == 401:
                    response.success()
                    response.request_meta["name"] = "operator create auction (token expired)"
                    self.log_in()
                elif response.status_code == 429:
                    # The operator routes' rate limit (a wave ending replaces 40 auctions at once): back off to the
                    # next round, with the square kept for it.
                    response.success()
                    response.request_meta["name"] = "operator create auction (rate limited)"
                    self.free.append(square)
                    return
                else:
                    refusal(response, EXPECTED_CREATION_REFUSALS, "operator create auction")

    def run(self):
        self.log_in()
        while True:
            try:
                self.top_up()
            except gevent.GreenletExit:
                raise
            except Exception as error:  # the node restarting, a timeout: try again on the next round
                events.request.fire(request_type="KEEPER", name="top up", response_time=0, response_length=0,
                                    exception=error, context={})
            gevent.sleep(2)


@events.test_start.add_listener
def start_keeper(environment, **kwargs):
    keeper["greenlet"] = gevent.spawn(AuctionKeeper(environment).run)


@events.test_stop.add_listener
def stop_keeper(environment, **kwargs):
    if keeper["greenlet"] is not None:
        keeper["greenlet"].kill(block=False)


class Player(FastHttpUser):
    """One simulated player: its own token, socket (reconnected when lost) and local view of its bids and wheat."""

    wait_time = between(0.5, 1.5)

    def on_start(self):
        self.number = next(player_numbers)
        username = f"p{run_tag}_{self.number}"
        response = self.client.post("/api/auth/register", json={"username": username, "password": "load-test-123"},
                                    name="/api/auth/register")
        body = response.json()
        self.token = body["token"]
        self.player_id = body["player"]["id"]
        self.headers = {"Authorization": f"Bearer {self.token}"}
        self.bids = {}            # auction id -> our last amount
        self.wheat = 0
        self.pending = {}         # (auction id, amount) -> perf_counter when the bid was sent
        self.socket_requests = {} # request id -> (perf_counter when sent, auction id)
        self.request_numbers = itertools.count(1)
        self.topic_seqs = {}      # topic -> highest seq seen (what `resume` starts from)
        self.socket = None        # None while reconnecting
        self.socket = self.open_socket()
        self.receiver = gevent.spawn(self.receive_events)

    def on_stop(self):
        self.receiver.kill()
        try:
            self.socket and self.socket.close()
        except Exception:
            pass

    def fire(self, name, started, length=0, exception=None):
        self.environment.events.request.fire(request_type="WS", name=name,
                                             response_time=(time.perf_counter() - started) * 1000,
                                             response_length=length, exception=exception, context={})

    def open_socket(self):
        """Connects and authenticates; subscribes the first time, `resume`s each topic from its seq afterwards."""
        socket = websocket.create_connection(f"{WS_URL}?token={self.token}", timeout=10)
        greeting = json.loads(socket.recv())
        if greeting.get("type") != "authenticated":
            socket.close()
            raise ConnectionError(f"not authenticated: {greeting}")
        if self.topic_seqs:
            for topic, seq in self.topic_seqs.items():
                socket.send(json.dumps({"type": "resume", "topic": topic, "fromSeq": seq}))
        else:
            socket.send(json.dumps({"type": "subscribe", "topics": ["auctions", "player:me", "market:wheat"]}))
        socket.settimeout(None)
        return socket

    def reconnect(self, reason):
        """After a close or a lost connection: reconnects with backoff and resumes; False once given up on."""
        self.socket = None
        self.fire(f"socket closed {reason}", time.perf_counter())
        for started, _ in list(self.socket_requests.values()):
            self.fire("bid (connection lost)", started)
        self.socket_requests.clear()
        started = time.perf_counter()
        delay = 0.2
        while True:
            gevent.sleep(delay)
            try:
                self.socket = self.open_socket()
                self.fire("reconnect", started)
                return True
            except Exception as error:
                if time.perf_counter() - started > RECONNECT_GIVE_UP_SECONDS:
                    self.fire("reconnect", started, exception=error)
                    return False
                delay = min(5.0, delay * 2)

    def receive_events(self):
        """Reads the socket; matches events and socket answers to what this player sent; reconnects when it drops."""
        while True:
            try:
                opcode, data = self.socket.recv_data()
            except Exception as error:
                if not self.reconnect(type(error).__name__):
                    return
                continue
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                code = int.from_bytes(data[:2], "big") if len(data) >= 2 else 1005
                try:
                    self.socket.close()
                except Exception:
                    pass
                if not self.reconnect(code):
                    return
                continue
            if opcode != websocket.ABNF.OPCODE_TEXT:
                continue
            text = data.decode("utf-8")
            self.handle(json.loads(text), len(text))

    def handle(self, message, length):
        kind = message.get("type")
        if kind == "event":
            topic, seq = message.get("topic"), message.get("seq")
            if isinstance(seq, int) and seq > self.topic_seqs.get(topic, 0):
                self.topic_seqs[topic] = seq
            if message.get("event") == "bid_accepted":
                data = message["data"]
                started = self.pending.pop((data["auctionId"], data["amount"]), None)
                if started is not None:
                    self.fire("bid_accepted event", started, length)
        elif kind == "subscribed":
            for topic, seq in (message.get("latestSeq") or {}).items():
                self.topic_seqs[topic] = max(self.topic_seqs.get(topic, 0), seq)
        elif kind == "resync":
            # Events were missed beyond the window: a real client refetches over REST; here, the pending bids'
            # events may be among them, so they are no longer waited for.
            self.topic_seqs[message["topic"]] = message["latestSeq"]
            self.pending.clear()
            self.fire("resync", time.perf_counter())
        elif kind in ("result", "error") and message.get("requestId") in self.socket_requests:
            started, auction_id = self.socket_requests.pop(message["requestId"])
            code = message.get("code")
            if kind == "error" and code not in EXPECTED_BID_REFUSALS:
                self.fire("bid", started, length, exception=Exception(code))
            elif kind == "error":
                if code in CLOSED_AUCTION_REFUSALS:
                    pool.pop(auction_id, None)
                self.fire(f"bid (refused {code})", started, length)
            else:
                self.fire("bid", started, length)
        # events on other topics are just read; their count shows in the server's metrics

    def expire_pending(self):
        if self.socket is None:
            return   # reconnecting: the events come with the resume
        now = time.perf_counter()
        for key, started in list(self.pending.items()):
            if now - started > EVENT_TIMEOUT_SECONDS:
                del self.pending[key]
                self.fire("bid_accepted event", started, exception=Exception("event not received in 10 s"))

    @task(6)
    def browse_map(self):
        x, y = random.randint(-24, 14), random.randint(-24, 14)
        with self.client.get(f"/api/land-squares?minX={x}&minY={y}&maxX={x + 9}&maxY={y + 9}",
                             name="/api/land-squares (10x10)", catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
            elif squares := response.json()["squares"]:
                self.client.get(f"/api/land-squares/{random.choice(squares)['id']}", name="/api/land-squares/{id}")
        if random.random() < 0.3:
            self.client.get("/api/regions", name="/api/regions")

    @task(2)
    def look_at_me(self):
        self.client.get("/api/me", headers=self.headers, name="/api/me")

    @task(5)
    def bid(self):
        self.expire_pending()
        if random.random() < 0.2:
            self.client.get("/api/auctions?status=open", headers=self.headers, name="/api/auctions?status=open")
        candidates = open_auctions(exclude_seller=self.player_id)
        if not candidates:
            return
        auction_id, auction = random.choice(candidates)
        amount = self.bids.get(auction_id, random.randint(1, 5)) + random.randint(1, 3)
        self.bids[auction_id] = amount
        if self.socket is not None and random.random() < 0.2:
            self.bid_over_socket(auction_id, amount)
            return
        self.pending[(auction_id, amount)] = time.perf_counter()
        with self.client.post(f"/api/auctions/{auction_id}/bid", json={"amount": amount}, headers=self.headers,
                              name="/api/auctions/{id}/bid", catch_response=True) as response:
            if response.status_code == 201:
                auction["ends"] = end_seconds(response.json(), auction["ends"])   # an open auction may extend
                return
            self.pending.pop((auction_id, amount), None)
            if refusal(response, EXPECTED_BID_REFUSALS, "/api/auctions/{id}/bid") in CLOSED_AUCTION_REFUSALS:
                pool.pop(auction_id, None)

    def bid_over_socket(self, auction_id, amount):
        request_id = f"r{next(self.request_numbers)}"
        self.socket_requests[request_id] = (time.perf_counter(), auction_id)
        try:
            self.socket.send(json.dumps({"type": "bid", "auctionId": auction_id, "amount": amount,
                                         "requestId": request_id}))
        except Exception:
            # The socket dropped under us: the receiver reconnects; this bid was never sent.
            self.socket_requests.pop(request_id, None)

    @task(1)
    def sell_land(self):
        """Now and then, puts one of this player's squares up for auction (the owner's on-demand route)."""
        if random.random() < 0.5:
            return
        with self.client.get("/api/me/squares", headers=self.headers, name="/api/me/squares",
                             catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"status {response.status_code}")
                return
            squares = [s for s in response.json()["squares"] if not s["isLocked"] and not s.get("merges")]
        if not squares:
            return
        duration = random.randint(*AUCTION_SECONDS)
        with self.client.post(f"/api/land-squares/{random.choice(squares)['id']}/auctions", headers=self.headers,
                              json={"auctionType": random.choice(AUCTION_TYPES), "durationSeconds": duration,
                                    "reservePrice": 1},
                              name="/api/land-squares/{id}/auctions", catch_response=True) as response:
            if response.status_code == 201:
                body = response.json()
                pool[body["id"]] = {"ends": end_seconds(body, time.time() + duration), "seller": self.player_id,
                                    "origin": "owner"}
            else:
                refusal(response, EXPECTED_CREATION_REFUSALS, "/api/land-squares/{id}/auctions")

    @task(4)
    def trade(self):
        if random.random() < 0.3:
            self.client.get("/api/marketplace/book/wheat", name="/api/marketplace/book/{resource}")
        if self.wheat > 0 and random.random() < 0.5:
            order = {"resource": "wheat", "side": "sell", "price": random.randint(10, 11), "quantity": 1,
                     "immediateOrCancel": random.random() < 0.5}
            self.wheat -= 1
        else:
            order = {"resource": "wheat", "side": "buy", "price": 12, "quantity": random.randint(1, 2),
                     "immediateOrCancel": True}
        with self.client.post("/api/marketplace/orders", json=order, headers=self.headers,
                              name="/api/marketplace/orders", catch_response=True) as response:
            if response.status_code == 201:
                if order["side"] == "buy":
                    self.wheat += sum(trade["quantity"] for trade in response.json()["trades"])
                return
            refusal(response, EXPECTED_ORDER_REFUSALS, "/api/marketplace/orders")
