import http.client, http.server, json, os, sys, threading, time
# A stand-in standby for switchover tests. Answers GET /replication/status as a standby in term 1. Once the file
# PRIMARY_FILE holds the primary's internal "host:port", it long-polls the primary's records with SECRET and so
# acknowledges the primary's head (unless MODE is "silent"). POST /replication/handoff answers 409 handoff_refused
# (MODE "refuse") or waits 60 s without an answer (MODE "hang"). Prints its port; exits by itself after 180 s.
primary_file, secret, mode = sys.argv[1], sys.argv[2], sys.argv[3]
handoffs = []


def follow():
    applied = 0
    while mode != "silent":
        try:
            with open(primary_file) as file:
                host, port = file.read().strip().split(":")
            connection = http.client.HTTPConnection(host, int(port), timeout=10)
            connection.request("GET", "/replication/records?after=%d&wait_ms=500&standby=stub" % applied,
                               headers={"authorization": "Bearer " + secret})
            response = connection.getresponse()
            response.read()
            head = response.getheader("x-replication-head-seq")
            if response.status == 200 and head is not None:
                applied = int(head)
            connection.close()
        except (OSError, ValueError):
            time.sleep(0.1)


class Stub(http.server.BaseHTTPRequestHandler):
    def answer(self, status, value):
        body = json.dumps(value).encode()
        self.send_response(status)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        self.answer(200, {"role": "standby", "term": 1, "lastSeq": 0, "appliedSeq": 0, "lagRecords": 0,
                          "lagMilliseconds": 0, "checksum": "00", "standbys": {}})

    def do_POST(self):
        handoffs.append(self.path)
        print("handoff " + self.path, flush=True)
        if mode == "hang":
            time.sleep(60)
        self.answer(409, {"error": {"code": "handoff_refused", "message": "stand-in refuses"}})

    def log_message(self, *arguments):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Stub)
threading.Thread(target=follow, daemon=True).start()
threading.Timer(180, lambda: os._exit(0)).start()
print(server.server_address[1], flush=True)
server.serve_forever()
