"""Mixed write load for scripts/rolling-upgrade: registrations, blind bids and market orders sent to the pair's front
(a proxy routing to the primary), with reads on both nodes, logging every acknowledged write with its time.

Usage: load.py FRONT_PORT NODE_PORTS_FILE OUT_DIR CLIENTS STOP_FILE
Writes OUT_DIR/acks (kind<TAB>key<TAB>unix time per acknowledged write), OUT_DIR/reads (ok/failed counts) and
OUT_DIR/auctions. A write that gets a connection error or a 503 is retried as a new write after 20 ms (the pause is
measured from the acknowledgements); a read fails only when no node answers it with 200.
"""
import http.client, json, os, random, sys, threading, time

front, ports_file, out, clients, stop_file = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
threading.Timer(900, lambda: os._exit(3)).start()   # bounded whatever happens to the script
lock = threading.Lock()
acks = open(os.path.join(out, "acks"), "a", buffering=1)
reads = {"ok": 0, "failed": 0}
errors = {}


def request(port, method, path, body=None, token=None, timeout=10):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        connection.request(method, path, json.dumps(body) if body is not None else None, headers)
        response = connection.getresponse()
        data = response.read()
        return response.status, (json.loads(data) if data else {})
    finally:
        connection.close()


def ack(kind, key):
    with lock:
        acks.write(f"{kind}\t{key}\t{time.time():.6f}\n")


def note_error(what):
    with lock:
        errors[what] = errors.get(what, 0) + 1


def write(method, path, body, token=None):
    """Sends one write to the front until it is answered by the primary (2xx or a game refusal)."""
    while not os.path.exists(stop_file):
        try:
            status, answer = request(front, method, path, body, token)
        except Exception as error:
            note_error(type(error).__name__)
            time.sleep(0.02)
            continue
        if status == 503:
            note_error(answer.get("error", {}).get("code", "503"))
            time.sleep(0.02)
            continue
        return status, answer
    return None, {}


def node_ports():
    with open(ports_file) as handle:
        return [int(port) for port in handle.read().split()]


def reader():
    while not os.path.exists(stop_file):
        path = random.choice(["/api/regions", "/api/land-squares?minX=0&minY=0&maxX=9&maxY=9", "/api/land-squares/1"])
        answered = False
        for port in node_ports():
            try:
                status, _ = request(port, "GET", path, timeout=5)
                if status == 200:
                    answered = True
                    break
            except Exception:
                pass
        with lock:
            reads["ok" if answered else "failed"] += 1
        time.sleep(0.01)


def player(number, auctions):
    index = 0
    token = None
    while not os.path.exists(stop_file):
        index += 1
        if token is None or index % 5 == 0:
            name = f"u{number}_{index}"
            status, answer = write("POST", "/api/auth/register", {"username": name, "password": "rolling-upgrade"})
            if status == 201:
                ack("player", name)
                token = answer["token"]
            elif status is not None:
                note_error(f"register {status}")
            continue
        if index % 2 == 0 and auctions:
            auction = random.choice(auctions)
            status, answer = write("POST", f"/api/auctions/{auction}/bid", {"amount": random.randint(1, 50_000)}, token)
            if status in (200, 201) and "bid" in answer:
                ack("bid", answer["bid"]["id"])
            elif status is not None and status != 422:
                note_error(f"bid {status}")
        else:
            order = {"resource": "wheat", "side": "buy", "price": random.randint(1, 3), "quantity": 1,
                     "immediateOrCancel": False}
            status, answer = write("POST", "/api/marketplace/orders", order, token)
            if status == 201 and "order" in answer:
                ack("order", answer["order"]["id"])
            elif status is not None and status != 422:
                note_error(f"order {status}")


def open_auctions():
    status, answer = request(front, "POST", "/api/auth/login", {"username": "operator", "password": "operator-password"})
    token = answer["token"]
    regions = [r for r in request(front, "GET", "/api/regions")[1]["regions"] if r["isOpen"]]
    free = []
    for region in regions:
        area = f"minX={region['minX']}&minY={region['minY']}&maxX={region['minX'] + 9}&maxY={region['minY'] + 9}"
        free += [s["id"] for s in request(front, "GET", f"/api/land-squares?{area}")[1]["squares"]
                 if s["ownerId"] is None and not s["isLocked"]]
    auctions = []
    for square in free[:8]:
        status, answer = request(front, "POST", "/api/admin/auctions", {"landSquares": [square], "auctionType": "blind",
                                                                         "durationSeconds": 3600, "reservePrice": 1}, token)
        if status == 201:
            auctions.append(answer["id"])
    return auctions


auctions = open_auctions()
with open(os.path.join(out, "auctions"), "w") as handle:
    handle.write(" ".join(map(str, auctions)))
threads = [threading.Thread(target=player, args=(n, auctions), daemon=True) for n in range(clients)]
threads += [threading.Thread(target=reader, daemon=True) for _ in range(2)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
with open(os.path.join(out, "reads"), "w") as handle:
    json.dump({"reads": reads, "retried_write_errors": errors, "auctions": len(auctions)}, handle)
os._exit(0)
