import sys, json
from worldgame_test import check, connect_ws, receive
url = sys.argv[1]
ws = connect_ws(url)
ws.send(json.dumps({"type": "merge", "squareIds": [3, 4], "requestId": "early"}))
message = receive(ws)
check("merge before auth is refused with its requestId", message.get("code") == "missing_token"
      and message.get("requestId") == "early", message)
ws.send(json.dumps({"type": "auth", "token": "good-1"})); receive(ws)
ws.send(json.dumps({"type": "subscribe", "topics": ["square:3", "square:4"]})); receive(ws)
cases = [('{"type":"merge","requestId":"v1"}', "v1", "missing_field"),
         ('{"type":"merge","squareIds":"3,4","requestId":"v2"}', "v2", "wrong_type"),
         ('{"type":"merge","squareIds":[],"requestId":"v3"}', "v3", "out_of_range"),
         ('{"type":"merge","squareIds":[3,-4],"requestId":"v4"}', "v4", "wrong_type"),
         ('{"type":"merge","squareIds":[%s],"requestId":"v5"}' % ",".join(str(i) for i in range(1, 66)), "v5", "out_of_range")]
for text, request, code in cases:
    ws.send(text); message = receive(ws)
    check("merge refused " + code, message == {"type": "error", "requestId": request, "code": code,
          "message": message.get("message")}, message)
ws.send(json.dumps({"type": "merge", "squareIds": [3, 99], "requestId": "theirs"}))
message = receive(ws)
check("refused merge answers the route's code", message.get("type") == "error" and message.get("code") == "not_owner"
      and message.get("requestId") == "theirs", message)
ws.send(json.dumps({"type": "merge", "squareIds": [3, 4], "requestId": "mine"}))
result, events = None, []
while result is None or len(events) < 2:
    message = receive(ws)
    if message["type"] == "result": result = message
    elif message["type"] == "event": events.append(message)
check("merge answers the route's body", result == {"type": "result", "requestId": "mine",
      "data": {"merge": {"squareIds": [3, 4]}}}, result)
check("square events after the commit", sorted((e["topic"], e["seq"], e["event"]) for e in events) ==
      [("square:3", 1, "square_updated"), ("square:4", 1, "square_updated")], events)
ws.close()
