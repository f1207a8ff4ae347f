import json, sys
from websockets.sync.client import connect
from worldgame_test import receive
# Prints "subscribed" once the gateway has acknowledged the subscription (it registers the topic before it
# answers), then "event TOPIC" at the first event.
with connect(sys.argv[1], open_timeout=10) as ws:
    ws.send(json.dumps({"type": "subscribe", "topics": ["market:wheat"]}))
    while receive(ws, timeout=30).get("type") != "subscribed":
        pass
    print("subscribed", flush=True)
    while True:
        message = receive(ws, timeout=30)
        if message.get("type") == "event":
            print("event", message["topic"], flush=True)
            break
