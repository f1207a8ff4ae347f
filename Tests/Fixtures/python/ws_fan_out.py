import socket, sys, threading, json
from websockets.sync.client import connect
from websockets.exceptions import ConnectionClosed
from worldgame_test import print_json
url, port, fast_count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def open_socket(receive_buffer=None):
    sock = socket.socket()
    if receive_buffer:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, receive_buffer)
    sock.connect(("127.0.0.1", port))
    return sock
slow = connect(url, sock=open_socket(4096), compression=None, max_size=None, max_queue=1, ping_interval=None)
slow.send("join"); assert slow.recv(timeout=5) == "joined"
fast = []
for _ in range(fast_count):
    ws = connect(url, compression=None, max_size=None, ping_interval=None)
    ws.send("join"); assert ws.recv(timeout=5) == "joined"
    fast.append(ws)
counts = [0] * fast_count
def read_fast(index):
    ws = fast[index]
    while True:
        message = ws.recv(timeout=30)
        if message == "end":
            return
        counts[index] += 1
        if counts[index] % 8 == 0:
            ws.send("ack")
threads = [threading.Thread(target=read_fast, args=(i,)) for i in range(fast_count)]
for thread in threads: thread.start()
print("ready", flush=True)
for thread in threads: thread.join()
slow_code, slow_reason, slow_received = None, None, 0
try:
    while True:
        slow.recv(timeout=10); slow_received += 1
except ConnectionClosed as closed:
    slow_code = closed.rcvd.code if closed.rcvd else None
    slow_reason = closed.rcvd.reason if closed.rcvd else None
print_json({"fast": counts, "slow_code": slow_code, "slow_reason": slow_reason, "slow_received": slow_received})
for ws in fast: ws.close()
