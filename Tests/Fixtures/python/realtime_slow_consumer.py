import socket, sys, threading, json, time
from websockets.sync.client import connect
from websockets.exceptions import ConnectionClosed
from worldgame_test import receive
url, port, fast_count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def join(ws):
    assert receive(ws, timeout=10)["type"] == "authenticated"
    ws.send(json.dumps({"type": "subscribe", "topics": ["auctions"]}))
    assert receive(ws, timeout=10)["type"] == "subscribed"
    return ws
# The slow client speaks the protocol by hand on a socket with a tiny receive buffer, and then stops reading.
sock = socket.socket(); sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096); sock.connect(("127.0.0.1", port))
sock.sendall(("GET /ws?token=good-1 HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
              "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").encode())
head = b""
while b"\r\n\r\n" not in head: head += sock.recv(1)
assert head.startswith(b"HTTP/1.1 101"), head
payload = json.dumps({"type": "subscribe", "topics": ["auctions", "square:1"]}).encode()
mask = b"\x01\x02\x03\x04"
sock.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))
fast = [join(connect(url + "?token=good-%d" % (index + 2), compression=None, max_size=None, ping_interval=None))
        for index in range(fast_count)]
counts, seqs_ok, delays = [0] * fast_count, [True] * fast_count, [0.0] * fast_count
def read_fast(index):
    ws = fast[index]
    while True:
        message = receive(ws, timeout=30)
        if message["type"] != "event": continue
        if message["event"] == "end": return
        counts[index] += 1
        delays[index] = max(delays[index], time.time() - message["data"]["sentAt"])
        seqs_ok[index] = seqs_ok[index] and message["seq"] == counts[index]
        if counts[index] % 8 == 0: ws.send('{"type":"ping"}')
threads = [threading.Thread(target=read_fast, args=(i,)) for i in range(fast_count)]
for thread in threads: thread.start()
print("ready", flush=True)
for thread in threads: thread.join()
sock.settimeout(20)
received = b""
try:
    while True:
        chunk = sock.recv(65536)
        if not chunk: break
        received += chunk
except (socket.timeout, ConnectionResetError):
    pass
slow_received = received.count(b'"type":"event"')
close_at = received.rfind(b"\x88")
slow_code = int.from_bytes(received[close_at + 2:close_at + 4], "big") if close_at >= 0 else None
slow_reason = received[close_at + 4:].decode("utf-8", "replace") if close_at >= 0 else None
print(json.dumps({"fast": counts, "in_order": all(seqs_ok), "max_delay": max(delays), "slow_code": slow_code, "slow_reason": slow_reason,
                  "slow_received": slow_received}), flush=True)
for ws in fast: ws.close()
