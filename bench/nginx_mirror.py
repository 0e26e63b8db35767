"""Serve a saved :class:`~newsbot.mirror.site.MirrorSite` with nginx, so the server is never what limits a
crawl benchmark.

The mirror's route table becomes nginx ``map`` blocks (decoded path -> body file; path -> redirect
target), and each content type of the site gets an internal location that serves the body files with
exactly that ``Content-Type`` (``types {}`` and ``default_type``, no ``charset`` rewriting), so every
response carries the bytes and type the Python ``MirrorServer`` would send. nginx runs in the
foreground (``daemon off``) with one worker, its own prefix, pid, temp and log paths under the work
directory, no access log, on a free loopback port. A ``stub_status`` location counts the requests
served (the memory benchmark plots RSS against it).

    with NginxMirror(site_dir, workdir) as server:
        crawl(server.url)
        server.requests()  # requests answered so far, the status polls left out

When nginx is missing, ``ensure_nginx`` installs Debian's package with ``apt-get``.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any
from urllib.parse import unquote_to_bytes

NGINX = "/usr/sbin/nginx"
STATUS_PATH = "/_newsbot_nginx_status"
#: Internal locations serving body files, one per content type: /_newsbot_body/<n>/bodies/...
BODY_PREFIX = "/_newsbot_body"


class Unsupported(Exception):
    """The site has a route nginx cannot serve the way the Python mirror server does."""


def ensure_nginx() -> tuple[str | None, str]:
    """(path to nginx or None, what was done): installs Debian's nginx when it is missing."""
    found = shutil.which("nginx") or (NGINX if Path(NGINX).exists() else None)
    if found:
        return found, f"nginx found at {found}"
    try:
        done = subprocess.run(
            ["apt-get", "install", "-y", "-q", "nginx-light"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        if done.returncode != 0:
            done = subprocess.run(
                ["apt-get", "install", "-y", "-q", "nginx"],
                capture_output=True,
                text=True,
                timeout=600,
                check=False,
            )
    except (OSError, subprocess.TimeoutExpired) as exc:
        return None, f"nginx is missing and `apt-get install -y nginx` could not run ({exc})"
    found = shutil.which("nginx") or (NGINX if Path(NGINX).exists() else None)
    if found:
        return found, f"nginx installed by the bench with `apt-get install -y nginx` ({found})"
    tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or ["no output"]
    return None, f"nginx is missing and `apt-get install -y nginx` failed: {tail[0]}"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _quoted(raw: bytes, *, regex: bool = False) -> bytes:
    """An nginx quoted string for any bytes (nginx reads config bytes as they are)."""
    if (b"$" in raw and not regex) or b"\n" in raw or b"\r" in raw:
        raise Unsupported(f"route {raw!r} has a character nginx config cannot quote")
    return b'"' + raw.replace(b"\\", b"\\\\").replace(b'"', b'\\"') + b'"'


_REPLACED = "\ufffd".encode()


def _map_key(path: bytes) -> bytes:
    """The ``map`` key matching nginx's ``$uri`` (the decoded path) for a route's decoded path.

    A route stores an undecodable escape (a truncated ``%D9`` in a real RT URL) as U+FFFD, while
    nginx decodes it to the raw byte: such routes become a regex taking any non-ASCII bytes there.

    >>> _map_key(b"/a/1")
    b'"/a/1"'
    >>> _map_key("/a/1-\ufffd".encode())
    b'"~^/a/1\\\\-[\\\\x80-\\\\xff]+$"'
    """
    if _REPLACED not in path:
        return _quoted(path)
    parts = []
    for piece in path.split(_REPLACED):
        parts.append(
            "".join(
                f"\\x{byte:02x}"
                if byte >= 0x80
                else ("\\" + chr(byte) if not chr(byte).isalnum() else chr(byte))
                for byte in piece
            ).encode()
        )
    return _quoted(b"~^" + b"[\\x80-\\xff]+".join(parts) + b"$", regex=True)


def site_config(site_dir: Path, port: int, prefix: Path) -> bytes:
    """The nginx configuration serving the mirror saved in ``site_dir`` (``routes.json``)."""
    routes = json.loads((site_dir / "routes.json").read_text(encoding="utf-8"))["routes"]
    types: dict[str, int] = {}
    targets: list[bytes] = []
    redirects: dict[int, list[bytes]] = {}
    longest = 0
    for entry in routes:
        key = entry["target"]
        if "?" in key:
            # nginx maps the decoded path ($uri); a route that differs by its query needs the Python server.
            raise Unsupported(f"route with a query string: {key}")
        path = unquote_to_bytes(key)
        longest = max(longest, len(path))
        status = int(entry.get("status", 200))
        headers = {str(k).lower(): str(v) for k, v in entry.get("headers", [])}
        if 300 <= status < 400 and "location" in headers:
            location = headers["location"].encode("latin-1")
            redirects.setdefault(status, []).append(
                b"    " + _map_key(path) + b" " + _quoted(location) + b";"
            )
            continue
        if status != 200 or set(headers) - {"content-length", "content-type"}:
            raise Unsupported(f"route {key}: status {status}, headers {sorted(headers)}")
        number = types.setdefault(entry["content_type"], len(types))
        target = f"{BODY_PREFIX}/{number}/{entry['file']}".encode()
        targets.append(b"    " + _map_key(path) + b" " + _quoted(target) + b";")
    bucket = 64
    while bucket < longest + 64:
        bucket *= 2
    size = 1024
    while size < 2 * len(routes):
        size *= 2
    lines = [
        b"daemon off;",
        b"worker_processes 1;",
        f"pid {prefix / 'nginx.pid'};".encode(),
        f"error_log {prefix / 'error.log'} warn;".encode(),
        b"events { worker_connections 1024; }",
        b"http {",
        b"  access_log off;",
        b"  sendfile on;",
        b"  tcp_nopush on;",
        b"  keepalive_requests 1000000;",
        b"  keepalive_timeout 120s;",
        b"  server_tokens off;",
        b"  charset off;",
        b"  types {}",
        b"  default_type application/octet-stream;",
        f"  map_hash_bucket_size {bucket};".encode(),
        f"  map_hash_max_size {size};".encode(),
    ]
    for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        lines.append(f"  {name}_temp_path {prefix / (name + '_temp')};".encode())
    lines += [b"  map $uri $newsbot_target {", b'    default "";', *targets, b"  }"]
    for status, entries in sorted(redirects.items()):
        lines += [f"  map $uri $newsbot_redirect_{status} {{".encode(), b'    default "";', *entries, b"  }"]
    lines += [
        b"  server {",
        f"    listen 127.0.0.1:{port} backlog=1024;".encode(),
        b"    server_name _;",
        b"    merge_slashes off;",
        b"    absolute_redirect off;",
        f"    location = {STATUS_PATH} {{ stub_status; }}".encode(),
        b"    location / {",
    ]
    for status in sorted(redirects):
        variable = f"$newsbot_redirect_{status}"
        lines.append(f'      if ({variable} != "") {{ return {status} {variable}; }}'.encode())
    lines += [
        b'      if ($newsbot_target = "") { return 404; }',
        b"      rewrite ^ $newsbot_target last;",
        b"    }",
    ]
    for content_type, number in types.items():
        lines += [
            f"    location {BODY_PREFIX}/{number}/ {{".encode(),
            b"      internal;",
            f"      alias {site_dir}/;".encode(),
            b"      types {}",
            b"      default_type " + _quoted(content_type.encode("latin-1")) + b";",
            b"    }",
        ]
    lines += [b"  }", b"}", b""]
    return b"\n".join(lines)


class NginxMirror:
    """nginx serving a saved mirror directory on 127.0.0.1; a context manager."""

    def __init__(self, site_dir: Path, workdir: Path, nginx: str = NGINX) -> None:
        self.site_dir = site_dir.resolve()
        self.prefix = workdir.resolve()
        self.nginx = nginx
        self.port = 0
        self.process: subprocess.Popen[bytes] | None = None
        self._polls = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> NginxMirror:
        shutil.rmtree(self.prefix, ignore_errors=True)
        self.prefix.mkdir(parents=True)
        for attempt in range(5):
            self.port = free_port()
            config = self.prefix / "nginx.conf"
            config.write_bytes(site_config(self.site_dir, self.port, self.prefix))
            log = (self.prefix / "stderr.log").open("ab")
            self.process = subprocess.Popen(
                [self.nginx, "-p", str(self.prefix), "-e", str(self.prefix / "error.log"), "-c", str(config)],
                stdout=log,
                stderr=log,
            )
            log.close()
            if self._wait_ready():
                return self
            self.stop()
            if attempt == 4:
                break
        errors = (self.prefix / "error.log").read_text(errors="replace")[-2000:]
        raise RuntimeError(f"nginx did not start: {errors}")

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                return False
            try:
                self._status()
            except OSError:
                time.sleep(0.05)
                continue
            return True
        return False

    def _status(self) -> dict[str, int]:
        with urllib.request.build_opener(urllib.request.ProxyHandler({})).open(
            self.url + STATUS_PATH, timeout=5
        ) as response:
            text = response.read().decode("ascii")
        # Counted once answered: nginx counts the poll itself among its requests.
        self._polls += 1
        # "Active connections: 1 \nserver accepts handled requests\n 5 5 5 \nReading: ..."
        accepts, handled, requests = (int(x) for x in text.splitlines()[2].split())
        return {"accepts": accepts, "handled": handled, "requests": requests}

    def requests(self) -> int:
        """Requests nginx answered so far, its own status polls left out."""
        served = self._status()["requests"]
        return served - self._polls

    def cpu_seconds(self) -> float:
        """CPU (user + system) of the nginx master and workers so far."""
        import psutil

        if self.process is None:
            return 0.0
        try:
            master = psutil.Process(self.process.pid)
            total = 0.0
            for proc in [master, *master.children(recursive=True)]:
                times = proc.cpu_times()
                total += times.user + times.system
        except psutil.Error:
            return 0.0
        return total

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> NginxMirror:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
