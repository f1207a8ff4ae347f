import json, sys
from websockets.sync.client import connect
from worldgame_test import print_json
with connect(sys.argv[1], open_timeout=10) as ws:
    ws.send(sys.argv[2])
    while True:
        message = json.loads(ws.recv(timeout=20))
        if message.get("type") in ("result", "error"):
            print_json(message)
            break
