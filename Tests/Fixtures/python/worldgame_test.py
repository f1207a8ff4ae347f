"""The shared prelude of the Python test clients and stand-ins that the Swift tests run (Tests/Fixtures/python).

Each fixture is a script run as `python FIXTURE.py ARGUMENTS...`; Python puts the script's folder first on the
module path, so `from worldgame_test import ...` finds this file. The tests read what a script prints on stdout:
one `ok NAME` or `FAIL NAME DETAIL` line per check, or the JSON lines and markers each test names.

`websockets` is imported only by `connect_ws`, so scripts that need no WebSocket (the TLS echo server, the stub
replication peer) run with a bare python3.
"""
import json


def check(name, condition, detail=None):
    """Prints `ok NAME`, or `FAIL NAME` followed by the detail's repr when one is given."""
    suffix = "" if condition or detail is None else " " + repr(detail)
    print(("ok " if condition else "FAIL ") + name + suffix, flush=True)


def connect_ws(url, **options):
    """Opens a client WebSocket the way the game's checks do: no compression, no keep-alive pings, 5 s to open."""
    from websockets.sync.client import connect
    settings = {"compression": None, "open_timeout": 5, "ping_interval": None}
    settings.update(options)
    return connect(url, **settings)


def receive(ws, timeout=5):
    """The next message of `ws`, parsed as JSON."""
    return json.loads(ws.recv(timeout=timeout))


def print_json(message):
    """Prints `message` as one line of compact JSON."""
    print(json.dumps(message, separators=(",", ":")), flush=True)


def close_of(ws, timeout=10):
    """Reads `ws` until the server closes it: (code, reason) of its close frame, (None, None) for a close without a
    frame, or ("timeout", None) when nothing came for `timeout` seconds."""
    from websockets.exceptions import ConnectionClosed
    try:
        while True:
            ws.recv(timeout=timeout)
    except ConnectionClosed as closed:
        return (closed.rcvd.code, closed.rcvd.reason) if closed.rcvd else (None, None)
    except TimeoutError:
        return ("timeout", None)


def post_json(url, body=None, token=None):
    """POSTs `body` as JSON (no body when None) with the bearer `token`; returns the answer parsed as JSON."""
    import urllib.request
    headers = {"content-type": "application/json"} if body is not None else {}
    if token:
        headers["authorization"] = "Bearer " + token
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, method="POST", data=data, headers=headers)
    return json.loads(urllib.request.urlopen(request, timeout=10).read())
