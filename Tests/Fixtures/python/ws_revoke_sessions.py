import sys, json
from worldgame_test import check, close_of, connect_ws, post_json
ws_url, api, old, other = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
ws = connect_ws(ws_url + "?token=" + old)
check("old token authenticated", json.loads(ws.recv(timeout=5))["type"] == "authenticated")
fresh = post_json(api + "/api/me/sessions/revoke", token=other)["token"]
result = close_of(ws)
check("the open socket of the old session closes 4001 token revoked",
      result[0] == 4001 and result[1].startswith("token revoked"), result)
result = close_of(connect_ws(ws_url + "?token=" + old))
check("a new socket with the old token is refused", result[0] == 4001 and result[1].startswith("token revoked"), result)
ws = connect_ws(ws_url + "?token=" + fresh)
check("the fresh token authenticates", json.loads(ws.recv(timeout=5))["type"] == "authenticated")
ws.close()
