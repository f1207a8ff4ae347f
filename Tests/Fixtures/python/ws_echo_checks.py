import sys
from websockets.sync.client import connect
from websockets.exceptions import ConnectionClosed, InvalidStatus
from worldgame_test import check
url = sys.argv[1]
with connect(url, compression=None, max_size=None) as ws:
    ws.send("héllo 🌍"); check("text echo", ws.recv(timeout=5) == "héllo 🌍")
    ws.send(bytes(range(256)) * 200); check("binary echo", ws.recv(timeout=5) == bytes(range(256)) * 200)
    ws.send(["frag", "ment", "ed"]); check("fragmented echo", ws.recv(timeout=5) == "fragmented")
    check("ping answered", ws.ping(b"abc").wait(5))
    ws.close(4000, "bye"); check("close code echoed", ws.protocol.close_rcvd is not None and ws.protocol.close_rcvd.code == 4000)
with connect(url, compression=None, max_size=None) as ws:
    ws.send(b"x" * (70 * 1024))
    try:
        ws.recv(timeout=5); check("too big closes", False)
    except ConnectionClosed as closed:
        check("too big closes with 1009", closed.rcvd is not None and closed.rcvd.code == 1009)
try:
    connect(url.replace("/ws", "/nope"), compression=None, open_timeout=5); check("wrong path refused", False)
except InvalidStatus as refused:
    check("wrong path refused with 404", refused.response.status_code == 404)
