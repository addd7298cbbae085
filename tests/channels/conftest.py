"""A stub HTTP server on 127.0.0.1 that the channel tests start: it records every request and
answers from a script, so the exact requests are asserted and no outside host is ever contacted."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.cache import cache


@dataclass
class Seen:
    method: str
    path: str
    query: dict
    headers: dict
    body: bytes

    def json(self):
        return json.loads(self.body.decode("utf-8"))


@dataclass
class Stub:
    url: str
    requests: list[Seen] = field(default_factory=list)
    # path -> list of (status, body) answered in turn; the last one repeats
    script: dict[str, list[tuple[int, object]]] = field(default_factory=dict)

    def answer(self, path: str, *responses: tuple[int, object]) -> None:
        self.script[path] = list(responses)

    def on(self, path: str) -> list[Seen]:
        return [r for r in self.requests if r.path == path]


@pytest.fixture
def stub_server():
    stub = Stub(url="")

    class Handler(BaseHTTPRequestHandler):
        def _handle(self):
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            stub.requests.append(
                Seen(self.command, parts.path, parse_qs(parts.query), dict(self.headers.items()), body)
            )
            queue = stub.script.get(parts.path) or [(404, {"errcode": 404, "errmsg": "no such path"})]
            status, payload = queue.pop(0) if len(queue) > 1 else queue[0]
            data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _handle

        def log_message(self, *args):  # keep the test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    cache.delete_many(["channels:dingtalk:token", "channels:wecom:token"])
    yield stub
    server.shutdown()
    server.server_close()
