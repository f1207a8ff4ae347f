import sys, json
from worldgame_test import check, close_of, connect_ws, post_json
ws_url, api, player_token, admin_token, player_id = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
ws = connect_ws(ws_url + "?token=" + player_token)
check("the player's socket authenticated", json.loads(ws.recv(timeout=5))["type"] == "authenticated")
answer = post_json(api + "/api/admin/players/" + player_id + "/suspend", {"reason": "abuse"}, admin_token)
check("the operator's suspension is answered", answer["player"]["suspended"] is True, answer)
result = close_of(ws)
check("the open socket closes 4003 account suspended", result == (4003, "account suspended"), result)
result = close_of(connect_ws(ws_url + "?token=" + player_token))
check("a new socket with the token is refused 4003", result == (4003, "account suspended"), result)
