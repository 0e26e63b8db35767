"""The fault server acts out each fault at the socket level, and bounds every wait."""

from __future__ import annotations

import gzip
import http.client
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import Resource
from tests.support.faults import (
    MAX_SLEEP,
    Fault,
    FaultServer,
    FaultySite,
    billion_laughs,
    gzip_bomb,
    oversize,
)

BODY = ("<html><body><p>" + "خبر " * 500 + "</p></body></html>").encode()
PAGE = Resource(BODY, "text/html; charset=utf-8")


@pytest.fixture
def server() -> Iterator[MirrorServer]:
    site = FaultySite()
    site.add_resource("/ok", PAGE)
    site.add_fault("/reset", Fault.reset(), PAGE)
    site.add_fault("/reset-after-headers", Fault.reset(after_headers=True), PAGE)
    site.add_fault("/stall", Fault.stall(0.6), PAGE)
    site.add_fault("/drip", Fault.drip(0.3, chunk=1024), PAGE)
    site.add_fault("/truncate", Fault.truncate(missing=100), PAGE)
    site.add_fault("/flaky", Fault.flaky(times=2, status=503, retry_after="7"), PAGE)
    site.add_generated(r"/endless/(?P<n>\d+)", lambda m: Resource(f"page {m['n']}".encode(), "text/plain"))
    with FaultServer(site) as running:
        yield running


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    body: bytes


def get(server: MirrorServer, path: str, timeout: float = 5) -> Answer:
    """The whole answer; whatever the fault raises on the way propagates."""
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=timeout)
    try:
        connection.request("GET", path)
        with connection.getresponse() as response:
            return Answer(response.status, response.headers, response.read())
    finally:
        connection.close()


def test_routes_without_a_fault_are_served_as_stored(server: MirrorServer) -> None:
    answer = get(server, "/ok")
    assert (answer.status, answer.body) == (200, BODY)


def test_reset_sends_nothing(server: MirrorServer) -> None:
    with pytest.raises((ConnectionResetError, http.client.RemoteDisconnected)):
        get(server, "/reset")


def test_reset_after_headers_cuts_the_body(server: MirrorServer) -> None:
    with pytest.raises((ConnectionResetError, http.client.IncompleteRead)):
        get(server, "/reset-after-headers")


def test_stall_outlasts_the_client_timeout(server: MirrorServer) -> None:
    with pytest.raises(TimeoutError):
        get(server, "/stall", timeout=0.2)


def test_drip_delivers_the_whole_body_slowly(server: MirrorServer) -> None:
    started = time.monotonic()
    assert get(server, "/drip").body == BODY
    assert time.monotonic() - started >= 0.25


def test_truncate_promises_more_than_it_sends(server: MirrorServer) -> None:
    with pytest.raises(http.client.IncompleteRead) as cut:
        get(server, "/truncate")
    assert (len(cut.value.partial), cut.value.expected) == (len(BODY), 100)


def test_flaky_fails_then_serves_and_counts_hits(server: MirrorServer) -> None:
    first, second, third = (get(server, "/flaky") for _ in range(3))
    assert (first.status, first.headers["Retry-After"]) == (503, "7")
    assert second.status == 503
    assert (third.status, third.body) == (200, BODY)
    site = server.site
    assert isinstance(site, FaultySite)
    assert len(site.hits("/flaky")) == 3
    assert site.hits("/ok") == []  # only faulty routes are counted


def test_generated_routes_never_end(server: MirrorServer) -> None:
    assert get(server, "/endless/12345").body == b"page 12345"
    assert get(server, "/endless/x").status == 404


def test_sleeps_are_bounded() -> None:
    assert Fault.stall(3600).seconds == 3600
    assert MAX_SLEEP <= 5


def test_bombs_are_small_on_the_wire() -> None:
    bomb = gzip_bomb(8 * 1024 * 1024)
    assert len(bomb.body) < 16_000
    assert len(gzip.decompress(bomb.body)) == 8 * 1024 * 1024
    assert len(oversize(300_000).body) == 300_000
    laughs = billion_laughs("rss")
    assert len(laughs) < 2_000 and b"<!ENTITY lol9" in laughs


def test_a_client_hanging_up_is_not_a_server_error(
    server: MirrorServer, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.create_connection(("127.0.0.1", server.server_port)) as sock:
        sock.sendall(b"GET /stall HTTP/1.1\r\nHost: x\r\n\r\n")
    get(server, "/ok")
    time.sleep(0.7)
    assert "Traceback" not in capsys.readouterr().err


def test_the_plain_mirror_server_serves_faulty_routes_as_stored() -> None:
    # The installed package knows nothing of faults: only the test server acts them out.
    site = FaultySite()
    site.add_fault("/reset", Fault.reset(), PAGE)
    with MirrorServer(site) as plain:
        answer = get(plain, "/reset")
    assert (answer.status, answer.body) == (200, BODY)
    assert site.hits("/reset") == []
