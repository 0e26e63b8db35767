"""A fault-injecting mirror server for the test suite: routes that reset, stall, drip, truncate,
flake or bomb.

A :class:`FaultySite` is a :class:`~newsbot.mirror.site.MirrorSite` whose routes may carry a
:class:`Fault`, acted out by :class:`FaultServer` at the socket level (a reset, a stall past the client's
timeout, a slow drip, a body shorter than its ``Content-Length``, failing the first requests).
Faults that are plain responses (error statuses, redirect loops, gzip and XML bombs, oversized or
empty bodies) are ordinary :class:`~newsbot.mirror.site.Resource` objects, built by the helpers
below. Every sleep is bounded, so a test cannot hang on a fault.
"""

from __future__ import annotations

import gzip
import re
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from http.server import BaseHTTPRequestHandler

from newsbot.mirror.server import MirrorHandler, MirrorServer
from newsbot.mirror.site import MirrorSite, Resource, normalize_target, split_target

__all__ = [
    "MAX_SLEEP",
    "Fault",
    "FaultKind",
    "FaultServer",
    "FaultySite",
    "act_out",
    "billion_laughs",
    "gzip_bomb",
    "oversize",
    "status_page",
]

#: The longest any fault keeps a connection waiting, whatever it was asked for.
MAX_SLEEP = 5.0

_HTML = "text/html; charset=utf-8"


class FaultKind(StrEnum):
    #: Close the connection with a TCP reset before sending anything.
    RESET = "reset"
    #: Send the status line, the headers and half the body, then reset.
    RESET_AFTER_HEADERS = "reset_after_headers"
    #: Send nothing for ``seconds``, then close.
    STALL = "stall"
    #: Send the body ``chunk`` bytes at a time, spread over ``seconds``.
    DRIP = "drip"
    #: Announce ``missing`` more bytes than the body has, send the body, close.
    TRUNCATE = "truncate"
    #: Answer the first ``times`` requests with ``status`` (or a reset when ``status`` is 0),
    #: then serve the route normally.
    FLAKY = "flaky"


@dataclass(frozen=True, slots=True)
class Fault:
    kind: FaultKind
    seconds: float = 0.0
    chunk: int = 64
    missing: int = 1000
    times: int = 1
    status: int = 503
    retry_after: str | None = None

    @classmethod
    def reset(cls, *, after_headers: bool = False) -> Fault:
        return cls(FaultKind.RESET_AFTER_HEADERS if after_headers else FaultKind.RESET)

    @classmethod
    def stall(cls, seconds: float = 3.0) -> Fault:
        return cls(FaultKind.STALL, seconds=seconds)

    @classmethod
    def drip(cls, seconds: float, chunk: int = 64) -> Fault:
        return cls(FaultKind.DRIP, seconds=seconds, chunk=max(1, chunk))

    @classmethod
    def truncate(cls, missing: int = 1000) -> Fault:
        return cls(FaultKind.TRUNCATE, missing=max(1, missing))

    @classmethod
    def flaky(cls, times: int = 1, status: int = 503, retry_after: str | None = None) -> Fault:
        return cls(FaultKind.FLAKY, times=times, status=status, retry_after=retry_after)


# -- plain-response faults ------------------------------------------------------------------------


def status_page(status: int, *, retry_after: str | None = None) -> Resource:
    """An error page with ``status``, and a ``Retry-After`` header when given."""
    body = f"<html><body><h1>{status}</h1></body></html>".encode()
    headers = (("Retry-After", retry_after),) if retry_after is not None else ()
    return Resource(body, _HTML, status, headers)


@lru_cache(maxsize=4)
def _zeros_gzipped(size: int) -> bytes:
    return gzip.compress(b"\0" * size, compresslevel=9, mtime=0)


def gzip_bomb(inflated: int = 20 * 1024 * 1024) -> Resource:
    """``Content-Encoding: gzip`` whose few kilobytes inflate to ``inflated`` bytes of zeros.

    >>> bomb = gzip_bomb(10 * 1024 * 1024)
    >>> len(bomb.body) < 20_000, dict(bomb.headers)["Content-Encoding"]
    (True, 'gzip')
    """
    return Resource(_zeros_gzipped(inflated), _HTML, 200, (("Content-Encoding", "gzip"),))


def oversize(size: int) -> Resource:
    """A well-formed HTML page of ``size`` bytes (comment padding), for DOWNLOAD_MAXSIZE.

    >>> len(oversize(1000).body)
    1000
    """
    head, tail = b"<html><body><!--", b"--></body></html>"
    return Resource(head + b"x" * max(0, size - len(head) - len(tail)) + tail, _HTML)


def billion_laughs(root: str, inner: str = "") -> bytes:
    """An XML document whose entity ``&lol9;`` would expand to a billion ``lol``s if resolved.

    ``root`` names the document element (``rss``, ``urlset``, ``sitemapindex``); ``inner`` is
    placed inside it, next to the entity reference.
    """
    entities = ['<!ENTITY lol0 "lol">']
    entities += [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)]
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f"<!DOCTYPE {root} [\n " + "\n ".join(entities) + "\n]>\n"
        f"<{root}><title>&lol9;</title>{inner}</{root}>\n"
    ).encode()


# -- the site -----------------------------------------------------------------------------------

#: Builds a response for a generated route from the match of its pattern against the path.
Generator = Callable[["re.Match[str]"], Resource]


class FaultySite(MirrorSite):
    """A MirrorSite whose routes may carry faults, plus generated routes (an endless listing).

    The site counts the requests each faulty route received (``hits``), with their times, so
    tests can check retries and their backoff.
    """

    def __init__(self) -> None:
        super().__init__()
        self._faults: dict[str, Fault] = {}
        self._generated: list[tuple[re.Pattern[str], Generator]] = []
        self._hits: dict[str, list[float]] = {}
        self._hits_lock = threading.Lock()

    def add_fault(self, url_or_path: str, fault: Fault, resource: Resource | None = None) -> str:
        """Attach ``fault`` to a route; ``resource`` is what the route serves when the fault lets
        a request through (a flaky route's later answers, the dripped or truncated body)."""
        key = normalize_target(url_or_path)
        if resource is not None:
            self.add_resource(key, resource)
        self._faults[key] = fault
        return key

    def add_generated(self, path_pattern: str, render: Generator) -> None:
        """Answer every path that ``path_pattern`` matches in full with ``render(match)``."""
        self._generated.append((re.compile(path_pattern), render))

    def lookup(self, path_and_query: str) -> Resource | None:
        found = super().lookup(path_and_query)
        if found is not None:
            return found
        path, _ = split_target(path_and_query)
        for pattern, render in self._generated:
            match = pattern.fullmatch(path)
            if match is not None:
                return render(match)
        return None

    def fault_at(self, path_and_query: str) -> tuple[str, Fault] | None:
        """The route key and fault for a request target (exact target first, then its path)."""
        path, query = split_target(path_and_query)
        for key in (f"{path}?{query}" if query else path, path):
            fault = self._faults.get(key)
            if fault is not None:
                return key, fault
        return None

    def record_hit(self, key: str) -> int:
        """Note a request for a faulty route; return how many it has had, this one included."""
        with self._hits_lock:
            times = self._hits.setdefault(key, [])
            times.append(time.monotonic())
            return len(times)

    def hits(self, url_or_path: str) -> list[float]:
        """Monotonic arrival times of the requests for a faulty route."""
        with self._hits_lock:
            return list(self._hits.get(normalize_target(url_or_path), ()))


# -- acting a fault out ------------------------------------------------------------------------


def _abort(handler: BaseHTTPRequestHandler) -> None:
    """Close the client connection with a TCP reset (SO_LINGER 0) instead of a clean FIN."""
    handler.close_connection = True
    sock: socket.socket = handler.connection
    try:
        handler.wfile.flush()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()
    except OSError:
        pass


def _send_head(handler: BaseHTTPRequestHandler, status: int, resource: Resource | None, length: int) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", resource.content_type if resource is not None else _HTML)
    handler.send_header("Content-Length", str(length))
    for name, value in resource.headers if resource is not None else ():
        if name.lower() not in {"content-type", "content-length", "date", "server", "connection"}:
            handler.send_header(name, value)
    handler.end_headers()


def act_out(
    handler: BaseHTTPRequestHandler, site: FaultySite, target: str, resource: Resource | None
) -> bool:
    """Play the fault of ``target``, if it has one; ``False`` when the request is to be answered
    normally (no fault, or a flaky route past its failures)."""
    found = site.fault_at(target)
    if found is None:
        return False
    key, fault = found
    attempt = site.record_hit(key)
    body = resource.body if resource is not None else b""
    try:
        if fault.kind is FaultKind.FLAKY:
            if attempt > fault.times:
                return False
            if fault.status == 0:
                _abort(handler)
                return True
            failure = status_page(fault.status, retry_after=fault.retry_after)
            _send_head(handler, failure.status, failure, len(failure.body))
            handler.wfile.write(failure.body)
        elif fault.kind is FaultKind.RESET:
            _abort(handler)
        elif fault.kind is FaultKind.RESET_AFTER_HEADERS:
            _send_head(handler, 200, resource, len(body))
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            # Let the client read what was sent: some systems drop unread data on a reset.
            time.sleep(0.2)
            _abort(handler)
        elif fault.kind is FaultKind.STALL:
            time.sleep(min(fault.seconds, MAX_SLEEP))
            handler.close_connection = True
        elif fault.kind is FaultKind.DRIP:
            _send_head(handler, 200, resource, len(body))
            pieces = [body[i : i + fault.chunk] for i in range(0, len(body), fault.chunk)]
            pause = min(fault.seconds, MAX_SLEEP) / max(1, len(pieces))
            for piece in pieces:
                time.sleep(pause)
                handler.wfile.write(piece)
                handler.wfile.flush()
        elif fault.kind is FaultKind.TRUNCATE:
            _send_head(handler, 200, resource, len(body) + fault.missing)
            handler.wfile.write(body)
            handler.wfile.flush()
            handler.close_connection = True
    except OSError:
        # The client gave up first (its timeout), which is what most faults are for.
        handler.close_connection = True
    return True


# -- the server -----------------------------------------------------------------------------------


class FaultyHandler(MirrorHandler):
    def respond(self, target: str, resource: Resource | None, *, send_body: bool) -> None:
        site = self.server.site
        if isinstance(site, FaultySite) and act_out(self, site, target, resource):
            return
        super().respond(target, resource, send_body=send_body)


class FaultServer(MirrorServer):
    """A :class:`~newsbot.mirror.server.MirrorServer` that acts out the faults of a
    :class:`FaultySite` (and serves any other site plainly)."""

    handler_class = FaultyHandler
