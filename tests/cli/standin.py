"""What the tests' HTTP stand-ins (hubspot_standin.py, mailchimp_standin.py) share: answers forced
by the test (DIR/force: lines "STATUS [RETRY-AFTER]", each consumed by the next request; "0" lets
a request through), a JSON
answer, the request log, and a server on 127.0.0.1 whose port is written to DIR/port.
DIR/latency_ms, if it holds a number, delays every answer by that many milliseconds: the round
trip of a real API (bench/watch.py measures with and without it)."""
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def forced(folder):
    """The next forced (status, retry_after), or None."""
    path = os.path.join(folder, "force")
    if not os.path.exists(path):
        return None
    with open(path) as f:
        lines = [l for l in f.read().splitlines() if l.strip()]
    if not lines:
        return None
    with open(path, "w") as f:
        f.write("\n".join(lines[1:]) + ("\n" if lines[1:] else ""))
    parts = lines[0].split()
    if int(parts[0]) == 0:
        return None  # "0": this request is answered as usual
    return int(parts[0]), (parts[1] if len(parts) > 1 else None)


def number_in(folder, name):
    """(the number folder/name holds, or None if it is empty or absent; whether it exists)."""
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return None, False
    with open(path) as f:
        text = f.read().strip()
    return (int(text) if text else None), True


class JsonHandler(BaseHTTPRequestHandler):
    content_type = "application/json"
    folder = "."

    def log_message(self, *args):
        pass

    def answer(self, status, body=None, headers=()):
        latency = os.path.join(self.folder, "latency_ms")
        if os.path.exists(latency):
            with open(latency) as f:
                time.sleep(int(f.read().strip() or 0) / 1000)
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        for k, v in headers:
            self.send_header(k, v)
        if body is not None:
            self.send_header("Content-Type", self.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_request_line(self, entry):
        with open(os.path.join(self.folder, "log"), "a") as f:
            f.write(json.dumps(entry) + "\n")


def serve(handler, folder):
    handler.folder = folder
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    with open(os.path.join(folder, "port.tmp"), "w") as f:
        f.write(str(server.server_address[1]))
    os.rename(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
    server.serve_forever()
