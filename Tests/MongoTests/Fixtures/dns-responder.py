"""A tiny DNS responder for the mongodb+srv tests: SRV and TXT answers over UDP and TCP on 127.0.0.1.
Prints its port, serves for 60 s (the test kills it sooner). Answers use name compression; names under
'big.example.com' are truncated over UDP (TC bit) so the client must retry over TCP."""
import socket, struct, sys, threading, time

RECORDS = {
    ("_mongodb._tcp.cluster0.example.com", 33): [(1, 0, 27018, "node-b.example.com"), (0, 0, 27017, "node-a.example.com")],
    ("cluster0.example.com", 16): ["authSource=admin&replicaSet=rs0"],
    ("_mongodb._tcp.big.example.com", 33): [(0, 0, 27017 + i, "n%d.big.example.com" % i) for i in range(30)],
    ("_mongodb._tcp.evil.example.com", 33): [(0, 0, 27017, "x.attacker.org")],
    ("two.example.com", 16): ["authSource=a", "replicaSet=b"],
    ("_mongodb._tcp.two.example.com", 33): [(0, 0, 27017, "n.two.example.com")],
}

def encode_name(name):
    return b"".join(bytes([len(p)]) + p.encode() for p in name.split(".")) + b"\x00"

def answer(query, tcp):
    qid, flags, qd = struct.unpack(">HHH", query[:6])
    pos, labels = 12, []
    while query[pos]:
        labels.append(query[pos + 1:pos + 1 + query[pos]].decode()); pos += 1 + query[pos]
    qtype = struct.unpack(">H", query[pos + 1:pos + 3])[0]
    question = query[12:pos + 5]
    name = ".".join(labels)
    records = RECORDS.get((name, qtype))
    rcode = 0 if records is not None else 3
    records = records or []
    truncated = name.endswith("big.example.com") and not tcp
    if truncated: records = []
    body = b""
    for record in records:
        if qtype == 33:
            priority, weight, port, target = record
            rdata = struct.pack(">HHH", priority, weight, port) + encode_name(target)
        else:
            rdata = bytes([len(record)]) + record.encode()
        body += b"\xc0\x0c" + struct.pack(">HHIH", qtype, 1, 60, len(rdata)) + rdata
    out_flags = 0x8180 | rcode | (0x0200 if truncated else 0)
    return struct.pack(">HHHHHH", qid, out_flags, 1, len(records), 0, 0) + question + body

udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
for _ in range(50):
    udp.bind(("127.0.0.1", 0))
    try:
        tcp.bind(("127.0.0.1", udp.getsockname()[1])); break
    except OSError:
        udp.close(); udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
tcp.listen(8)

def serve_udp():
    while True:
        data, peer = udp.recvfrom(512)
        udp.sendto(answer(data, False), peer)

def serve_tcp():
    while True:
        connection, _ = tcp.accept()
        length = struct.unpack(">H", connection.recv(2))[0]
        data = b""
        while len(data) < length: data += connection.recv(length - len(data))
        reply = answer(data, True)
        connection.sendall(struct.pack(">H", len(reply)) + reply)
        connection.close()

for target in (serve_udp, serve_tcp):
    threading.Thread(target=target, daemon=True).start()
print(udp.getsockname()[1], flush=True)
time.sleep(60)
