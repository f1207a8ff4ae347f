import sys, json
from websockets.exceptions import ConnectionClosed
from worldgame_test import check, connect_ws, receive
url = sys.argv[1]
def open_ws(suffix=""):
    return connect_ws(url + suffix)
authenticated = open_ws("?token=good-1")
check("first connection authenticated", receive(authenticated)["type"] == "authenticated")
silent = open_ws()
newcomer = open_ws("?token=good-3")
check("newcomer admitted at the cap", receive(newcomer)["type"] == "authenticated")
try:
    silent.recv(timeout=5); check("silent connection evicted", False)
except ConnectionClosed as closed:
    check("silent connection evicted with 1013", closed.rcvd is not None and closed.rcvd.code == 1013
          and "not authenticated" in closed.rcvd.reason, closed.rcvd)
newcomer.send(json.dumps({"type": "subscribe", "topics": ["auctions"]}))
check("newcomer subscribed", receive(newcomer)["type"] == "subscribed")
newcomer.send(json.dumps({"type": "bid", "auctionId": 7, "amount": 5, "requestId": "b1"}))
types = sorted(receive(newcomer)["type"] for _ in range(2))
check("newcomer served: bid result and its event", types == ["event", "result"], types)
authenticated.send(json.dumps({"type": "ping"}))
check("authenticated connection kept", receive(authenticated)["type"] == "pong")
