import sys, json, urllib.request
from websockets.exceptions import ConnectionClosed
from worldgame_test import check, connect_ws
ws_url, api, player_token, admin_token, player_id = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
def open_ws(token):
    return connect_ws(ws_url + "?token=" + token)
def closed(ws):
    try:
        while True: ws.recv(timeout=10)
    except ConnectionClosed as error:
        return (error.rcvd.code, error.rcvd.reason) if error.rcvd else (None, None)
    except TimeoutError:
        return ("timeout", None)
ws = open_ws(player_token)
check("the player's socket authenticated", json.loads(ws.recv(timeout=5))["type"] == "authenticated")
request = urllib.request.Request(api + "/api/admin/players/" + player_id + "/suspend", method="POST",
                                 data=json.dumps({"reason": "abuse"}).encode(),
                                 headers={"authorization": "Bearer " + admin_token, "content-type": "application/json"})
answer = json.loads(urllib.request.urlopen(request, timeout=10).read())
check("the operator's suspension is answered", answer["player"]["suspended"] is True, answer)
result = closed(ws)
check("the open socket closes 4003 account suspended", result == (4003, "account suspended"), result)
result = closed(open_ws(player_token))
check("a new socket with the token is refused 4003", result == (4003, "account suspended"), result)
