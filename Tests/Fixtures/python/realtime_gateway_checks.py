import sys, json, time
from websockets.exceptions import ConnectionClosed
from worldgame_test import check, close_of, connect_ws, receive
url = sys.argv[1]
def open_ws(suffix=""):
    return connect_ws(url + suffix)
def closed_with(suffix="", send=None):
    ws = open_ws(suffix)
    try:
        if send: ws.send(send)
    except ConnectionClosed:
        pass   # closed before the send: close_of reads the close frame
    return close_of(ws, timeout=5)

# Authentication failures: 4001 with a reason.
result = closed_with()
check("no token closes 4001", result[0] == 4001 and "no token" in result[1], result)
result = closed_with("?token=forged")
check("bad token closes 4001", result == (4001, "invalid token"), result)
result = closed_with("?token=expired")
check("expired token closes 4001", result == (4001, "token expired"), result)
result = closed_with("?token=late-1")
check("token past exp on the gateway clock closes 4001", result == (4001, "token expired"), result)
result = closed_with("", json.dumps({"type": "auth", "token": "forged"}))
check("bad auth message closes 4001", result == (4001, "invalid token"), result)
ws = open_ws("?token=short-5")
check("short token authenticated", receive(ws)["type"] == "authenticated")
started = time.monotonic()
try:
    ws.recv(timeout=5); check("exp timer closes", False)
except ConnectionClosed as closed:
    check("exp timer closes 4001 token expired", closed.rcvd is not None and closed.rcvd.code == 4001
          and closed.rcvd.reason == "token expired" and time.monotonic() - started < 3, closed.rcvd)

# Validation, then authentication by message.
ws = open_ws()
ws.send(json.dumps({"type": "subscribe", "topics": ["auctions"]}))
check("subscribe before auth is refused", receive(ws).get("code") == "missing_token")
ws.send(json.dumps({"type": "ping"})); check("ping answered before auth", receive(ws)["type"] == "pong")
ws.send(json.dumps({"type": "auth", "token": "good-1"}))
message = receive(ws); check("auth message accepted", message["type"] == "authenticated" and message["playerId"] == 1, message)
cases = [("nope", "invalid_json"), ("[1]", "invalid_body"), ('{"type":"dance"}', "unknown_type"),
         ('{"type":"subscribe","topics":"auctions"}', "wrong_type"), ('{"type":"subscribe","topics":["player:2"]}', "forbidden"),
         ('{"type":"subscribe","topics":["square:x"]}', "invalid_topic"),
         ('{"type":"subscribe","topics":[%s]}' % ",".join('"square:%d"' % i for i in range(1, 66)), "too_many_topics"),
         ('{"type":"bid","auctionId":"7","amount":5,"requestId":"q1"}', "wrong_type")]
for text, code in cases:
    ws.send(text); message = receive(ws)
    check("error " + code, message["type"] == "error" and message["code"] == code, message)
ws.send(json.dumps({"type": "subscribe", "topics": ["square:%d" % i for i in range(1, 41)]}))
check("40 topics subscribed", receive(ws)["type"] == "subscribed")
ws.send(json.dumps({"type": "subscribe", "topics": ["region:%d" % i for i in range(1, 41)]}))
check("per-connection topic bound", receive(ws).get("code") == "too_many_topics")
ws.send(json.dumps({"type": "unsubscribe", "topics": ["square:%d" % i for i in range(1, 41)]}))
check("unsubscribed", receive(ws)["type"] == "unsubscribed")
ws.send(json.dumps({"type": "subscribe", "topics": ["auction:7", "player:me", "auctions"]}))
message = receive(ws)
check("subscribed with latest seqs", message == {"type": "subscribed", "topics": ["auction:7", "player:me", "auctions"],
      "latestSeq": {"auction:7": 0, "player:me": 0, "auctions": 0}}, message)

# Bids over the socket: results by requestId, events in commit order with gap-free seqs.
for index in range(20):
    ws.send(json.dumps({"type": "bid", "auctionId": 7, "amount": 100 + index, "requestId": "r%d" % index}))
ws.send(json.dumps({"type": "bid", "auctionId": 7, "amount": 0, "requestId": "bad"}))
results, errors, events = {}, {}, []
while len(results) + len(errors) < 21 or len(events) < 40:
    message = receive(ws)
    if message["type"] == "result": results[message["requestId"]] = message["data"]
    elif message["type"] == "error": errors[message.get("requestId")] = message["code"]
    elif message["type"] == "event": events.append(message)
check("every bid answered with its requestId", set(results) == {"r%d" % i for i in range(20)}, results.keys())
check("bid result carries the route's body", results.get("r3", {}).get("amount") == 103, results.get("r3"))
check("refused bid answers the route's error code", errors == {"bad": "invalid_amount"}, errors)
auction = [event for event in events if event["topic"] == "auction:7"]
check("auction events seq 1..20 in order", [event["seq"] for event in auction] == list(range(1, 21)), [e["seq"] for e in auction])
check("auction events in commit order", [event["data"]["amount"] for event in auction] == list(range(100, 120)))
check("events carry their type", all(event["event"] == "bid_placed" for event in auction))
lobby = [event["seq"] for event in events if event["topic"] == "auctions"]
check("auctions topic seq 1..20", lobby == list(range(1, 21)), lobby)
ws.close()

# Resume after reconnect: within the window -> replay; outside -> resync.
other = open_ws("?token=good-2"); receive(other)
for index in range(5):
    other.send(json.dumps({"type": "bid", "auctionId": 7, "amount": 200 + index, "requestId": "b%d" % index}))
answered = 0
while answered < 5:
    if receive(other)["type"] == "result": answered += 1
other.close()
ws = open_ws("?token=good-1"); receive(ws)
ws.send(json.dumps({"type": "resume", "topic": "auction:7", "fromSeq": 20}))
message = receive(ws)
check("resume subscribes", message.get("type") == "subscribed" and message.get("latestSeq") == {"auction:7": 25}, message)
replay = [receive(ws) for _ in range(5)]
check("resume replays 21..25 in order", [m.get("seq") for m in replay] == list(range(21, 26)) and
      [m["data"]["amount"] for m in replay] == list(range(200, 205)), replay)
ws.send(json.dumps({"type": "resume", "topic": "auction:7", "fromSeq": 2}))
message = receive(ws)
check("resume outside the window asks for resync", message == {"type": "resync", "topic": "auction:7", "latestSeq": 25}, message)
ws.send(json.dumps({"type": "ping"})); check("connection still serves after resync", receive(ws)["type"] == "pong")
ws.close()
