import http.server, json, os, sys, threading
flag = sys.argv[1]
class Status(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        primary = os.path.exists(flag)
        body = json.dumps({"role": "primary" if primary else "standby", "term": 7 if primary else 1,
                           "lastSeq": 0, "appliedSeq": 0, "lagRecords": 0, "lagMilliseconds": 0,
                           "checksum": "00", "standbys": {}}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *arguments):
        pass
server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Status)
threading.Timer(120, lambda: os._exit(0)).start()
print(server.server_address[1], flush=True)
server.serve_forever()
