# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The production reverse proxy of the H5 site, in small: the built H5 files,
with ``/mall`` and ``/web`` sent to an Odoo, all on one origin (Odoo sends no
CORS headers). Used by the H5 end-to-end test and the first-screen benchmark.

    with H5Proxy(dist_dir, odoo_port) as base_url: ...
"""

import functools
import gzip
import http.client
import os
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

PROXIED = ("/mall/", "/web/")
COMPRESSED = {".js": "text/javascript", ".css": "text/css", ".html": "text/html"}


@functools.lru_cache(maxsize=256)
def _gzipped(path, mtime):
    with open(path, "rb") as f:
        return gzip.compress(f.read(), 6)


HOP_HEADERS = {"connection", "keep-alive", "transfer-encoding", "content-length"}


def _handler(upstream_port, directory):
    class Handler(SimpleHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=directory, **kwargs)

        def log_message(self, *args):
            pass

        def _forward(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            headers = {
                k: v for k, v in self.headers.items() if k.lower() not in HOP_HEADERS
            }
            conn = http.client.HTTPConnection("127.0.0.1", upstream_port, timeout=60)
            try:
                conn.request(self.command, self.path, body=body, headers=headers)
                response = conn.getresponse()
                data = response.read()
            finally:
                conn.close()
            self.send_response(response.status)
            for key, value in response.getheaders():
                if key.lower() not in HOP_HEADERS:
                    self.send_header(key, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data)

        def _send_gzipped(self):
            """JS, CSS and HTML gzipped, as the production proxy sends them."""
            path = self.translate_path(self.path)
            if os.path.isdir(path):
                path = os.path.join(path, "index.html")
            kind = COMPRESSED.get(os.path.splitext(path)[1])
            if not kind or not os.path.isfile(path):
                return False
            data = _gzipped(path, os.path.getmtime(path))
            self.send_response(200)
            self.send_header("Content-Type", f"{kind}; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            return True

        def do_GET(self):
            if self.path.startswith(PROXIED):
                return self._forward()
            if (
                "gzip" in self.headers.get("Accept-Encoding", "")
                and self._send_gzipped()
            ):
                return None
            return super().do_GET()

        def do_HEAD(self):
            if self.path.startswith(PROXIED):
                return self._forward()
            return super().do_HEAD()

        do_POST = do_PUT = do_PATCH = do_DELETE = _forward

    return Handler


class H5Proxy:
    """Serves ``directory`` and forwards the API to ``127.0.0.1:upstream_port``."""

    def __init__(self, directory, upstream_port):
        self.server = ThreadingHTTPServer(
            ("127.0.0.1", 0), _handler(int(upstream_port), str(directory))
        )
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def start(self):
        self.thread.start()
        return self.url

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
