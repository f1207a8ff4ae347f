import json, sys
from websockets.exceptions import ConnectionClosed
from worldgame_test import connect_ws, print_json
# Subscribes to TOPIC, prints "ready" once subscribed, then every message as one JSON line, until the server closes
# the socket: prints {"type":"closed","code":N,"reason":"..."} and exits (deadline 60 s).
url, topic = sys.argv[1], sys.argv[2]
with connect_ws(url) as ws:
    ws.send(json.dumps({"type": "subscribe", "topics": [topic]}))
    try:
        while True:
            message = json.loads(ws.recv(timeout=60))
            print_json(message)
            if message.get("type") == "subscribed":
                print("ready", flush=True)
    except ConnectionClosed as closed:
        frame = closed.rcvd
        print_json({"type": "closed", "code": frame.code if frame else None, "reason": frame.reason if frame else None})
