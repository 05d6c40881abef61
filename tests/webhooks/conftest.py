"""Fixtures of the webhook tests: a receiver listening on a local port (a real HTTP server
in a thread, answering with the statuses a test queues and keeping every request it got),
and endpoints registered against it."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from webhooks.models import Endpoint, EventKind


class Receiver:
    """The requests it got (`requests`: dicts of method, path, headers, body bytes) and the
    statuses it answers with, in order (`answers`; 200 once they run out)."""

    def __init__(self):
        self.requests = []
        self.answers = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                with receiver.lock:
                    receiver.requests.append({
                        "path": self.path, "headers": dict(self.headers), "body": body,
                    })
                    status = receiver.answers.pop(0) if receiver.answers else 200
                reply = json.dumps({"status": status}).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(reply)))
                self.end_headers()
                self.wfile.write(reply)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/crm/hooks"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self):
        return [json.loads(request["body"]) for request in self.requests]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver()
    yield receiver
    receiver.close()


@pytest.fixture
def make_endpoint(db, receiver):
    def make_endpoint(kinds=None, url=None, **fields):
        return Endpoint.objects.create(
            name=fields.pop("name", "CRM"), url=url or receiver.url,
            kinds=list(EventKind.values if kinds is None else kinds), **fields,
        )

    return make_endpoint


@pytest.fixture
def quick_retries(settings):
    settings.WEBHOOKS_RETRY_BASE_SECONDS = 30
    settings.WEBHOOKS_MAX_ATTEMPTS = 4
    settings.WEBHOOKS_TIMEOUT_SECONDS = 5
    return settings
