"""A threaded HTTP/1.1 server that serves a MirrorSite on localhost for crawl tests and demos.

It serves what the site holds and nothing else; the test suite's fault server
(``tests/support/faults.py``) subclasses :class:`MirrorHandler` to misbehave on purpose.
"""

from __future__ import annotations

import contextlib
import re
import socket
import socketserver
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any

from newsbot.mirror.site import MirrorSite, Resource, normalize_target

__all__ = ["MirrorHandler", "MirrorServer", "RequestLog", "serve"]

_NOT_FOUND = (
    b'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>404 Not Found</title></head>'
    b"<body><h1>404 Not Found</h1><p>The mirror has no page at this address.</p></body></html>"
)

# Headers the handler writes itself; stored copies would be sent twice.
_OWN_HEADERS = frozenset({"content-type", "content-length", "date", "server", "connection"})


class RequestLog:
    """Thread-safe record of request targets, in arrival order, as the client sent them."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._paths: list[str] = []

    def append(self, path: str) -> None:
        with self._lock:
            self._paths.append(path)

    def paths(self) -> list[str]:
        """A copy of the log, safe to inspect while requests keep arriving."""
        with self._lock:
            return list(self._paths)

    def count(self, url_or_path: str) -> int:
        """How many requests named this target (compared after normalisation)."""
        key = normalize_target(url_or_path)
        return sum(1 for p in self.paths() if normalize_target(p) == key)

    def clear(self) -> None:
        with self._lock:
            self._paths.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._paths)

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths())


_NON_ASCII = re.compile(rb"[\x80-\xff]")


def _escape_request_line(line: bytes) -> bytes:
    r"""Percent-encode raw non-ASCII bytes in a request line.

    http.server splits the line after decoding it as latin-1, so a raw UTF-8 byte such as 0x85 (in "م")
    would count as whitespace and break the request.

    >>> _escape_request_line("GET /م HTTP/1.1".encode())
    b'GET /%D9%85 HTTP/1.1'
    """
    return _NON_ASCII.sub(lambda m: b"%%%02X" % m.group()[0], line)


class MirrorHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "newsbot-mirror/1"
    sys_version = ""
    server: MirrorServer

    raw_requestline: bytes

    def parse_request(self) -> bool:
        self.raw_requestline = _escape_request_line(self.raw_requestline)
        return super().parse_request()

    def do_GET(self) -> None:
        self._respond(send_body=True)

    def do_HEAD(self) -> None:
        self._respond(send_body=False)

    def _respond(self, *, send_body: bool) -> None:
        target = self.path
        self.server.request_log.append(target)
        self.respond(target, self.server.site.lookup(target), send_body=send_body)

    def respond(self, target: str, resource: Resource | None, *, send_body: bool) -> None:
        """Answer ``target`` with ``resource`` (a 404 page when ``None``); subclasses may do otherwise."""
        extra: tuple[tuple[str, str], ...] = ()
        if resource is None:
            status, content_type, body = 404, "text/html; charset=utf-8", _NOT_FOUND
        else:
            status, content_type, body = resource.status, resource.content_type, resource.body
            extra = resource.headers
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in extra:
            if name.lower() not in _OWN_HEADERS:
                self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        if self.server.verbose:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


class MirrorServer(ThreadingHTTPServer):
    """Serves ``site`` (read at request time, so it may be mutated between crawls).

    Use as a context manager to run it in a background thread::

        with MirrorServer(site) as server:
            fetch(server.url + "/rss/")
            assert server.request_log.count("/rss/") == 1
    """

    daemon_threads = True
    block_on_close = False
    handler_class: type[MirrorHandler] = MirrorHandler
    # The default backlog of 5 drops connections when a crawler opens many at once, costing a 1 s retry.
    request_queue_size = 128

    def __init__(self, site: MirrorSite, host: str = "127.0.0.1", port: int = 0, *, verbose: bool = False):
        self.site = site
        self.verbose = verbose
        self.request_log = RequestLog()
        self._thread: threading.Thread | None = None
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), self.handler_class)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client hanging up mid-request (a crawler's timeout, a fault test) is no server error.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)

    def server_bind(self) -> None:
        # HTTPServer.server_bind resolves the host name (getfqdn), which can stall for seconds offline.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    @property
    def url(self) -> str:
        """Base URL without a trailing slash, e.g. ``http://127.0.0.1:40123``."""
        host = self.server_name
        if ":" in host:
            host = f"[{host}]"
        return f"http://{host}:{self.server_port}"

    def start(self) -> MirrorServer:
        """Serve in a daemon thread; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self.serve_forever,
                # A short poll makes stop() return quickly; tests start and stop many servers.
                kwargs={"poll_interval": 0.05},
                name="mirror-server",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket; idempotent."""
        if self._thread is not None:
            self.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self.server_close()

    def __enter__(self) -> MirrorServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


@contextlib.contextmanager
def serve(
    site: MirrorSite, host: str = "127.0.0.1", port: int = 0, *, verbose: bool = False
) -> Iterator[str]:
    """Serve ``site`` in the background; yield the base URL (``http://127.0.0.1:PORT``)."""
    with MirrorServer(site, host, port, verbose=verbose) as server:
        yield server.url
