"""A local fake of the Telegram Bot API for the bot's tests: a threaded HTTP server on
127.0.0.1 answering /bot<token>/<method> the way api.telegram.org does (getMe,
getUpdates, sendMessage, setWebhook, deleteWebhook, setMyCommands), recording every call.

A test queues updates for getUpdates (`queue_command`), blocks chats (sendMessage answers
403 as when a user blocked the bot) or makes the next calls fail (`fail_next`). getUpdates
answers at once, even with a timeout: the tests never wait on a long poll.
"""

import itertools
import json
import time
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs

from tests.notifications.local_server import LocalServer

BOT_USER = {"id": 700000001, "is_bot": True, "first_name": "Downline",
            "username": "DownlineTestBot", "can_join_groups": False,
            "can_read_all_group_messages": False, "supports_inline_queries": False}


def _value(text):
    """python-telegram-bot posts form fields with JSON values for anything but text."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def command_update(update_id, chat_id, text, language="en", username="partner",
                   chat_type="private"):
    """An update with a message whose text starts with a bot command."""
    command = text.split()[0] if text.startswith("/") else ""
    message = {
        "message_id": update_id, "date": int(time.time()),
        "chat": {"id": chat_id, "type": chat_type, "first_name": "Pat"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "Pat", "username": username,
                 "language_code": language},
        "text": text,
    }
    if command:
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"update_id": update_id, "message": message}


class FakeTelegram(LocalServer):
    def __init__(self, token):
        self.token = token
        self.calls = []  # (method, params)
        self.updates = []
        self.blocked = set()
        self.failures = []  # (method, status, description) answered once each, in order
        self.webhook = {}
        self._ids = itertools.count(1)
        super().__init__()

    @property
    def base_url(self):
        return f"{self.origin}/bot"

    # --- what a test sets up and reads ------------------------------------------------

    def queue_command(self, chat_id, text, language="en", **fields):
        update = command_update(next(self._ids) + 1000, chat_id, text, language, **fields)
        with self._lock:
            self.updates.append(update)
        return update

    def fail_next(self, method, status, description="Internal Server Error"):
        self.failures.append((method, status, description))

    def sent(self, chat_id=None):
        """The texts sent with sendMessage (to `chat_id`)."""
        return [params.get("text", "") for method, params in self.calls
                if method == "sendMessage"
                and (chat_id is None or str(params.get("chat_id")) == str(chat_id))]

    def called(self, method):
        return [params for name, params in self.calls if name == method]

    # --- the API -----------------------------------------------------------------------

    def answer(self, method, params):
        for index, (failing, status, description) in enumerate(self.failures):
            if failing == method:
                del self.failures[index]
                return status, {"ok": False, "error_code": status, "description": description}
        if method == "getMe":
            return 200, {"ok": True, "result": BOT_USER}
        if method == "getUpdates":
            offset = int(params.get("offset") or 0)
            with self._lock:
                # Telegram forgets the updates before the offset once it is asked for it.
                self.updates = [each for each in self.updates if each["update_id"] >= offset]
                found = list(self.updates)
            return 200, {"ok": True, "result": found[: int(params.get("limit") or 100)]}
        if method == "sendMessage":
            chat_id = int(params.get("chat_id"))
            if chat_id in self.blocked:
                return 403, {"ok": False, "error_code": 403,
                             "description": "Forbidden: bot was blocked by the user"}
            return 200, {"ok": True, "result": {
                "message_id": next(self._ids), "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"}, "from": BOT_USER,
                "text": params.get("text", ""),
            }}
        if method == "setWebhook":
            self.webhook = dict(params)
            return 200, {"ok": True, "result": True, "description": "Webhook was set"}
        if method == "deleteWebhook":
            self.webhook = {}
            return 200, {"ok": True, "result": True}
        if method in ("setMyCommands", "deleteMyCommands", "close", "logOut"):
            return 200, {"ok": True, "result": True}
        return 404, {"ok": False, "error_code": 404, "description": "Not Found"}

    def handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):  # noqa: N802 - http.server's name
                self.handle_call()

            def do_GET(self):  # noqa: N802
                self.handle_call()

            def handle_call(self):
                prefix = f"/bot{fake.token}/"
                if not self.path.startswith(prefix):
                    self.reply(401, {"ok": False, "error_code": 401,
                                     "description": "Unauthorized"})
                    return
                method = self.path[len(prefix):].split("?")[0]
                params = self.read_params()
                with fake._lock:
                    fake.calls.append((method, params))
                status, body = fake.answer(method, params)
                self.reply(status, body)

            def read_params(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                kind = self.headers.get("Content-Type", "")
                if kind.startswith("application/json"):
                    return json.loads(raw or b"{}")
                if kind.startswith("multipart/form-data"):
                    message = BytesParser(policy=HTTP).parsebytes(
                        b"Content-Type: " + kind.encode() + b"\r\n\r\n" + raw)
                    return {part.get_param("name", header="content-disposition"):
                            _value(part.get_content()) for part in message.iter_parts()}
                return {key: _value(values[-1])
                        for key, values in parse_qs(raw.decode()).items()}

            def reply(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler
