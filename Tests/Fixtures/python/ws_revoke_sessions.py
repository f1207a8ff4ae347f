import sys, json, urllib.request
from websockets.exceptions import ConnectionClosed
from worldgame_test import check, connect_ws
ws_url, api, old, other = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
def open_ws(token):
    return connect_ws(ws_url + "?token=" + token)
def closed(ws):
    try:
        while True: ws.recv(timeout=10)
    except ConnectionClosed as error:
        return (error.rcvd.code, error.rcvd.reason) if error.rcvd else (None, None)
    except TimeoutError:
        return ("timeout", None)
ws = open_ws(old)
check("old token authenticated", json.loads(ws.recv(timeout=5))["type"] == "authenticated")
request = urllib.request.Request(api + "/api/me/sessions/revoke", method="POST",
                                 headers={"authorization": "Bearer " + other})
fresh = json.loads(urllib.request.urlopen(request, timeout=10).read())["token"]
result = closed(ws)
check("the open socket of the old session closes 4001 token revoked",
      result[0] == 4001 and result[1].startswith("token revoked"), result)
result = closed(open_ws(old))
check("a new socket with the old token is refused", result[0] == 4001 and result[1].startswith("token revoked"), result)
ws = open_ws(fresh)
check("the fresh token authenticates", json.loads(ws.recv(timeout=5))["type"] == "authenticated")
ws.close()
