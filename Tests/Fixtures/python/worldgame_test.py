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
