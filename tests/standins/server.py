# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A small threaded HTTP server that stand-ins for remote platforms build on.

Subclasses declare routes; every request is recorded, with its reply, for
assertions, and a handler that crashes fails the test when the server stops.
"""

import json
import socket
import threading
import traceback
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

FORM = "application/x-www-form-urlencoded"


def closed_url():
    """A local URL nothing listens on: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


@dataclass
class Request:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    reply: "Reply | None" = None

    @property
    def params(self):
        """Query parameters, and those of a form body."""
        params = dict(self.query)
        if self.headers.get("content-type", "").startswith(FORM):
            params.update(parse_qsl(self.body.decode(), keep_blank_values=True))
        return params

    def json(self):
        return json.loads(self.body)


@dataclass
class Reply:
    body: bytes | str = b""
    status: int = 200
    content_type: str = "application/json; charset=utf-8"
    headers: dict = field(default_factory=dict)

    @classmethod
    def json(cls, data, status=200, content_type=None):
        return cls(
            json.dumps(data, ensure_ascii=False),
            status,
            content_type or cls.content_type,
        )


class _Handler(BaseHTTPRequestHandler):
    server_version = "standin"

    def _serve(self):
        self.server.standin._serve(self)

    do_GET = do_POST = do_PUT = do_DELETE = _serve

    def log_message(self, format, *args):
        # The recorded requests say it all; stderr noise helps nobody.
        pass


class StandinServer:
    """Serves on 127.0.0.1, on a free port, from a thread.

    Handlers take a :class:`Request` and return a :class:`Reply` or a dict
    (sent as JSON). They run one at a time, so they may change the
    stand-in's state without locks.
    """

    def __init__(self):
        self.requests = []
        self.errors = []
        self._routes = {}
        self._lock = threading.Lock()
        self._httpd = None
        self._thread = None

    def route(self, method, path, handler):
        self._routes[method.upper(), path] = handler

    @property
    def url(self):
        """The base URL, ending with a slash."""
        if self._httpd is None:
            raise RuntimeError("the stand-in is not started")
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def requests_to(self, path):
        return [r for r in self.requests if r.path == path]

    def start(self):
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.standin = self
        # A short poll keeps stop() fast.
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=type(self).__name__,
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self):
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._thread.join()
            self._httpd = None

    def __enter__(self):
        return self.start()

    def __exit__(self, exc_type, exc, tb):
        self.stop()
        if self.errors and exc_type is None:
            raise AssertionError("a stand-in handler failed:\n" + self.errors[0])

    def _serve(self, handler):
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        request = Request(
            method=handler.command,
            path=parts.path,
            query=dict(parse_qsl(parts.query, keep_blank_values=True)),
            headers={k.lower(): v for k, v in handler.headers.items()},
            body=handler.rfile.read(length),
        )
        with self._lock:
            self.requests.append(request)
            reply = request.reply = self._dispatch(request)
        body = reply.body.encode() if isinstance(reply.body, str) else reply.body
        handler.send_response(reply.status)
        handler.send_header("Content-Type", reply.content_type)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)

    def _dispatch(self, request):
        handler = self._routes.get((request.method, request.path))
        if handler is None:
            known = any(path == request.path for _, path in self._routes)
            return Reply("", 405 if known else 404, "text/plain")
        try:
            reply = handler(request)
        except Exception:
            self.errors.append(traceback.format_exc())
            return Reply("stand-in handler failed", 500, "text/plain")
        return reply if isinstance(reply, Reply) else Reply.json(reply)
