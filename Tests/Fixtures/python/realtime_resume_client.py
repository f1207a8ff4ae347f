import json, sys
from websockets.sync.client import connect
from worldgame_test import print_json
url, mode, topic, from_seq, until_order = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
with connect(url, open_timeout=10) as ws:
    if mode == "subscribe":
        ws.send(json.dumps({"type": "subscribe", "topics": [topic]}))
    else:
        ws.send(json.dumps({"type": "resume", "topic": topic, "fromSeq": from_seq}))
    while True:
        message = json.loads(ws.recv(timeout=40))
        print_json(message)
        if message.get("type") == "subscribed" and mode == "subscribe":
            print("ready", flush=True)
        if message.get("type") == "resync":
            break
        if message.get("type") == "event" and message.get("data", {}).get("orderId") == until_order:
            break
