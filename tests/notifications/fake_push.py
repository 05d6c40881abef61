"""A local fake push service for the web push tests: a threaded HTTP server on 127.0.0.1
that takes POSTs to /push/<id> as a browser vendor's push service does, records each
request (path, headers, raw body) and answers 201 Created, or the statuses a test set
for an endpoint (410 Gone, 404, 429, 503...), one per request, the last one repeating.
"""

from http.server import BaseHTTPRequestHandler

from tests.notifications.local_server import LocalServer


class FakePushService(LocalServer):
    def __init__(self):
        self.requests = []  # (path, headers, body)
        self.statuses = {}  # path: [status, ...]
        super().__init__()

    def endpoint(self, name):
        return f"{self.origin}/push/{name}"

    def answer(self, name, *statuses):
        self.statuses[f"/push/{name}"] = list(statuses)

    def received(self, name):
        return [(headers, body) for path, headers, body in self.requests
                if path == f"/push/{name}"]

    def _status(self, path):
        with self._lock:
            queued = self.statuses.get(path) or [201]
            return queued.pop(0) if len(queued) > 1 else queued[0]

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 - http.server's name
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                headers = {key.lower(): value for key, value in self.headers.items()}
                with fake._lock:
                    fake.requests.append((self.path, headers, body))
                status = fake._status(self.path)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                if status == 201:
                    self.send_header("Location", f"{fake.origin}/message/{len(fake.requests)}")
                self.end_headers()

        return Handler
