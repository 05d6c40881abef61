"""A threaded HTTP server on 127.0.0.1 (a free port) for the fakes of outside services the
notification tests talk to (fake_telegram.py, fake_push.py)."""

import threading
from http.server import ThreadingHTTPServer


class LocalServer:
    """Subclasses give `handler()`, the request handler class (it may reach the fake
    through a closure)."""

    def __init__(self):
        self._lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def handler(self):
        raise NotImplementedError

    @property
    def origin(self):
        host, port = self.server.server_address
        return f"http://{host}:{port}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
