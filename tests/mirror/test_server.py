"""The mirror server answers real HTTP requests the way the crawl tests rely on."""

from __future__ import annotations

import http.client
import json
import os
import socket
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest

from newsbot.mirror import MirrorServer, MirrorSite, Resource, normalize_target, serve

ARABIC_PATH = "/world/1721790-روسيا-حقيقة-أزمة"
HTML_UTF8 = "text/html; charset=utf-8"

# Nothing may leave the machine, and a proxy variable in the environment must not reroute localhost.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with _OPENER.open(url, timeout=10) as resp:
            return resp.status, dict(resp.headers.items()), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers.items()), err.read()


def raw_get(base: str, target_bytes: bytes) -> tuple[int, bytes]:
    """Send a request line byte for byte (urllib refuses raw non-ASCII targets)."""
    host, port = base.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(b"GET " + target_bytes + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


@pytest.fixture
def site() -> MirrorSite:
    s = MirrorSite()
    s.add(f"https://arabic.rt.com{ARABIC_PATH}", "<p>مرحبا</p>", HTML_UTF8)
    s.add("/legacy/1-%D8%B3-%D9", b"truncated", "text/plain")
    s.add("/cp", "<p>سلام</p>".encode("cp1256"), "text/html; charset=windows-1256")
    s.add("/nocharset", b"<p>x</p>", "text/html")
    s.add("/listing?page=2", b"two", HTML_UTF8)
    s.add("/listing", b"plain", HTML_UTF8)
    s.redirect("/news/1721790/", ARABIC_PATH)
    return s


@pytest.fixture
def server(site: MirrorSite):
    with MirrorServer(site) as srv:
        yield srv


def test_serves_body_with_exact_headers(server: MirrorServer) -> None:
    status, headers, body = fetch(server.url + quote(ARABIC_PATH))
    assert status == 200
    assert body.decode("utf-8") == "<p>مرحبا</p>"
    assert headers["Content-Type"] == HTML_UTF8
    assert headers["Content-Length"] == str(len(body))
    assert "Date" in headers


def test_base_url_is_localhost_with_free_port(server: MirrorServer) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert int(server.url.rsplit(":", 1)[1]) > 0


def test_unknown_path_is_404_html(server: MirrorServer) -> None:
    status, headers, body = fetch(server.url + "/nothing/here")
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert b"404" in body


def test_charset_is_sent_exactly_as_stored(server: MirrorServer) -> None:
    _, headers, body = fetch(server.url + "/cp")
    assert headers["Content-Type"] == "text/html; charset=windows-1256"
    assert body.decode("cp1256") == "<p>سلام</p>"
    _, headers, _ = fetch(server.url + "/nocharset")
    assert headers["Content-Type"] == "text/html"


def test_raw_utf8_request_line_matches_encoded_route(server: MirrorServer) -> None:
    status, body = raw_get(server.url, ARABIC_PATH.encode("utf-8"))
    assert status == 200
    assert body.decode("utf-8") == "<p>مرحبا</p>"


def test_lowercase_escapes_match(server: MirrorServer) -> None:
    status, _, _ = fetch(server.url + quote(ARABIC_PATH).lower())
    assert status == 200


def test_truncated_escape_does_not_crash(server: MirrorServer) -> None:
    status, _, body = fetch(server.url + "/legacy/1-%D8%B3-%D9")
    assert (status, body) == (200, b"truncated")


def test_query_exact_first_then_path_fallback(server: MirrorServer) -> None:
    assert fetch(server.url + "/listing?page=2")[2] == b"two"
    assert fetch(server.url + "/listing?utm_source=rss&utm_medium=rss")[2] == b"plain"
    assert fetch(server.url + quote(ARABIC_PATH) + "?utm_source=rss")[0] == 200


def test_redirect_has_location(server: MirrorServer) -> None:
    conn = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=10)
    conn.request("GET", "/news/1721790/")
    resp = conn.getresponse()
    resp.read()
    conn.close()
    assert resp.status == 301
    assert normalize_target(resp.headers["Location"]) == normalize_target(ARABIC_PATH)


def test_keep_alive_and_head(server: MirrorServer) -> None:
    conn = http.client.HTTPConnection(server.url.removeprefix("http://"), timeout=10)
    conn.request("HEAD", "/listing")
    head = conn.getresponse()
    assert head.read() == b""
    assert head.headers["Content-Length"] == "5"
    conn.request("GET", "/listing")  # same connection: HTTP/1.1 keep-alive
    assert conn.getresponse().read() == b"plain"
    conn.close()


def test_request_log_counts_concurrent_requests(server: MirrorServer) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda _: fetch(server.url + "/listing")[0], range(20)))
    assert statuses == [200] * 20
    fetch(server.url + "/missing")
    assert server.request_log.count("/listing") == 20
    assert len(server.request_log) == 21
    assert server.request_log.paths()[-1] == "/missing"
    server.request_log.clear()
    assert len(server.request_log) == 0


def test_site_changes_are_visible_while_serving(server: MirrorServer, site: MirrorSite) -> None:
    site.add("/new", b"fresh", "text/plain")
    assert fetch(server.url + "/new")[2] == b"fresh"
    site.remove("/new")
    assert fetch(server.url + "/new")[0] == 404


def test_serve_context_manager_shuts_down(site: MirrorSite) -> None:
    with serve(site) as base:
        assert fetch(base + "/listing")[0] == 200
    with pytest.raises(urllib.error.URLError):
        _OPENER.open(base + "/listing", timeout=2)


def test_normalisation_of_keys() -> None:
    encoded = "/world/1-" + quote("سلام")
    assert normalize_target("https://rtarabic.com/world/1-سلام") == encoded
    assert normalize_target("//ar.russiatoday.com/world/1-سلام#frag") == encoded
    assert normalize_target("world/1-سلام") == encoded
    assert normalize_target("/a?x=%D8%B3") == normalize_target("/a?x=س")


def test_save_load_round_trip(site: MirrorSite, tmp_path: Path) -> None:
    site.add("/dup1", b"same", "text/plain")
    site.add("/dup2", b"same", "text/plain")
    site.save(tmp_path / "m")
    loaded = MirrorSite.load(tmp_path / "m")
    assert dict(loaded.items()) == dict(site.items())
    assert loaded.lookup("/news/1721790/") == site.lookup("/news/1721790/")
    routes = json.loads((tmp_path / "m" / "routes.json").read_text(encoding="utf-8"))["routes"]
    files = {r["file"] for r in routes}
    assert len(files) == len(routes) - 1  # identical bodies stored once
    # Saving again over the same directory replaces the old body store.
    MirrorSite({"/only": Resource(b"x", "text/plain")}).save(tmp_path / "m")
    assert len(MirrorSite.load(tmp_path / "m")) == 1
    assert len(list((tmp_path / "m" / "bodies").rglob("*.*"))) == 1


def test_from_fixtures(tmp_path: Path) -> None:
    case = tmp_path / "articles" / "case-1"
    case.mkdir(parents=True)
    (case / "page.html").write_bytes("<h1>عنوان</h1>".encode("cp1256"))
    meta = {"url": "https://arabic.rt.com/world/5-عنوان", "content_type": "text/html; charset=windows-1256"}
    (case / "meta.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    feed = tmp_path / "feeds" / "rss"
    feed.mkdir(parents=True)
    (feed / "page.xml").write_bytes(b"<rss/>")
    (feed / "meta.json").write_text(json.dumps({"url": "https://arabic.rt.com/rss/", "status": 200}))
    site = MirrorSite.from_fixtures(tmp_path)
    res = site.lookup("/world/5-" + quote("عنوان"))
    assert res is not None
    assert res.content_type == "text/html; charset=windows-1256"
    assert res.body.decode("cp1256") == "<h1>عنوان</h1>"
    rss = site.lookup("/rss/?utm_source=rss")
    assert rss is not None
    assert rss.content_type.startswith("application/xml")


def test_cli_serves_saved_directory(site: MirrorSite, tmp_path: Path) -> None:
    site.save(tmp_path / "m")
    env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
    proc = subprocess.Popen(
        [sys.executable, "-m", "newsbot.mirror", str(tmp_path / "m"), "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        base = proc.stdout.readline().strip()
        assert base.startswith("http://127.0.0.1:")
        assert fetch(base + "/listing?page=2")[2] == b"two"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stdout is not None:
            proc.stdout.close()
