"""worldgame load test: simulated players against a real node on 127.0.0.1 (issue 14).

Each simulated player registers (its token comes back from registration, so no login is rate limited), holds one
WebSocket subscription to `auctions`, `player:me` and `market:wheat`, and then loops over a realistic mix with think
time: browse the map (land squares around a random point, a square, the regions), look at auctions and bid in them
(over HTTP, and now and then over the socket), look at the order book and trade wheat (buy from the market maker or
other players, sell back what it holds).

The operator (created by `loadtest/run` with `worldgame admin create`) logs in once at the start and opens auctions
through `POST /api/admin/auctions`, so there is always something to bid on.

Event receipt is measured, not assumed: after an accepted HTTP bid the player waits for its own `bid_accepted` event on
`player:me` and reports the time from sending the bid to receiving the event as `WS bid_accepted event`. Socket bids
report their round trip as `WS bid`. Responses the game may legitimately give under contention (a bid too low on an open
auction, an auction that just closed, a market cap reached) count as successes with their own request name suffix, so
a failure in the table is always unexpected.

Environment (set by loadtest/run): WORLDGAME_WS_URL, WORLDGAME_OPERATOR, WORLDGAME_OPERATOR_PASSWORD,
WORLDGAME_AUCTIONS (how many auctions the operator opens), WORLDGAME_LATENCY_FILE (where per-request latencies in
microseconds go as JSON for the runner's table).
"""

import itertools
import json
import os
import random
import time

import gevent
import websocket
from locust import FastHttpUser, between, events, task
from locust.contrib.fasthttp import FastHttpSession

WS_URL = os.environ.get("WORLDGAME_WS_URL", "ws://127.0.0.1:4001/ws")
OPERATOR = os.environ.get("WORLDGAME_OPERATOR", "operator")
OPERATOR_PASSWORD = os.environ.get("WORLDGAME_OPERATOR_PASSWORD", "operator-password")
AUCTION_COUNT = int(os.environ.get("WORLDGAME_AUCTIONS", "40"))
LATENCY_FILE = os.environ.get("WORLDGAME_LATENCY_FILE", "")
EVENT_TIMEOUT_SECONDS = 10.0
# 422 codes a correct server gives under contention; anything else is a failure.
EXPECTED_BID_REFUSALS = {"bid_too_low", "auction_ended", "auction_not_open", "insufficient_funds"}
EXPECTED_ORDER_REFUSALS = {"market_maker_cap_reached", "insufficient_funds", "insufficient_resources", "no_liquidity"}

player_numbers = itertools.count(1)
run_tag = "%x" % (int(time.time() * 1000) % 0xFFFFFF)
latencies = {}   # request name -> list of latencies in microseconds
shared = {"auctions": [], "open_regions": []}


@events.request.add_listener
def record_latency(request_type, name, response_time, exception, **kwargs):
    if exception is None:
        latencies.setdefault(f"{request_type} {name}", []).append(int(response_time * 1000))


@events.quitting.add_listener
def write_latencies(environment, **kwargs):
    if LATENCY_FILE:
        with open(LATENCY_FILE, "w") as handle:
            json.dump(latencies, handle)


@events.test_start.add_listener
def open_auctions(environment, **kwargs):
    """As the operator: log in, find unowned unlocked squares in open regions, open blind and open auctions."""
    client = FastHttpSession(environment.host, environment.events.request, user=None)
    login = client.post("/api/auth/login", json={"username": OPERATOR, "password": OPERATOR_PASSWORD},
                        name="operator login")
    token = login.json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    regions = [r for r in client.get("/api/regions", name="operator regions").json()["regions"] if r["isOpen"]]
    shared["open_regions"] = regions
    free = []
    for region in regions:
        area = f"minX={region['minX']}&minY={region['minY']}&maxX={region['minX'] + 15}&maxY={region['minY'] + 15}"
        squares = client.get(f"/api/land-squares?{area}", name="operator land-squares").json()["squares"]
        free += [s["id"] for s in squares if s["ownerId"] is None and not s["isLocked"]]
    random.shuffle(free)
    for index, square in enumerate(free[:AUCTION_COUNT]):
        kind = "open" if index % 4 == 0 else "blind"
        response = client.post("/api/admin/auctions", headers=headers, name="operator create auction",
                               json={"landSquares": [square], "auctionType": kind, "durationSeconds": 3600,
                                     "reservePrice": 1})
        if response.status_code == 201:
            shared["auctions"].append({"id": response.json()["id"], "type": kind})


class Player(FastHttpUser):
    """One simulated player: its own token, socket and local view of its bids and wheat."""

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
        self.socket_requests = {} # request id -> perf_counter
        self.request_numbers = itertools.count(1)
        self.socket = websocket.create_connection(f"{WS_URL}?token={self.token}", timeout=10)
        greeting = json.loads(self.socket.recv())
        assert greeting["type"] == "authenticated", greeting
        self.socket.send(json.dumps({"type": "subscribe", "topics": ["auctions", "player:me", "market:wheat"]}))
        self.receiver = gevent.spawn(self.receive_events)

    def on_stop(self):
        self.receiver.kill()
        try:
            self.socket.close()
        except Exception:
            pass

    def fire(self, name, started, length=0, exception=None):
        self.environment.events.request.fire(request_type="WS", name=name,
                                             response_time=(time.perf_counter() - started) * 1000,
                                             response_length=length, exception=exception, context={})

    def receive_events(self):
        """Reads the socket until it closes; matches events and socket answers to what this player sent."""
        self.socket.settimeout(None)
        while True:
            try:
                text = self.socket.recv()
            except Exception as error:
                self.fire("socket closed", time.perf_counter(), exception=error)
                return
            message = json.loads(text)
            kind = message.get("type")
            if kind == "event" and message.get("event") == "bid_accepted":
                data = message["data"]
                started = self.pending.pop((data["auctionId"], data["amount"]), None)
                if started is not None:
                    self.fire("bid_accepted event", started, len(text))
            elif kind in ("result", "error") and message.get("requestId") in self.socket_requests:
                started = self.socket_requests.pop(message["requestId"])
                if kind == "error" and message.get("code") not in EXPECTED_BID_REFUSALS:
                    self.fire("bid", started, len(text), exception=Exception(message.get("code")))
                else:
                    self.fire("bid" if kind == "result" else "bid (refused)", started, len(text))
        # events on other topics are just read; their count shows in the server's metrics

    def expire_pending(self):
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
        if not shared["auctions"]:
            return
        if random.random() < 0.2:
            self.client.get("/api/auctions?status=open", headers=self.headers, name="/api/auctions?status=open")
        auction = random.choice(shared["auctions"])
        amount = self.bids.get(auction["id"], random.randint(1, 5)) + random.randint(1, 3)
        self.bids[auction["id"]] = amount
        if random.random() < 0.2:
            self.bid_over_socket(auction["id"], amount)
            return
        self.pending[(auction["id"], amount)] = time.perf_counter()
        with self.client.post(f"/api/auctions/{auction['id']}/bid", json={"amount": amount}, headers=self.headers,
                              name="/api/auctions/{id}/bid", catch_response=True) as response:
            if response.status_code == 201:
                return
            self.pending.pop((auction["id"], amount), None)
            self.refusal(response, EXPECTED_BID_REFUSALS, "/api/auctions/{id}/bid (refused)")

    def bid_over_socket(self, auction_id, amount):
        request_id = f"r{next(self.request_numbers)}"
        self.socket_requests[request_id] = time.perf_counter()
        self.socket.send(json.dumps({"type": "bid", "auctionId": auction_id, "amount": amount,
                                     "requestId": request_id}))

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
            self.refusal(response, EXPECTED_ORDER_REFUSALS, "/api/marketplace/orders (refused)")

    def refusal(self, response, expected, name):
        """A 422 with an expected code is reported under `name` as a success; anything else fails."""
        code = None
        try:
            code = response.json()["error"]["code"]
        except Exception:
            pass
        if response.status_code == 422 and code in expected:
            response.success()
            response.request_meta["name"] = name
        else:
            response.failure(f"status {response.status_code} {code}")
