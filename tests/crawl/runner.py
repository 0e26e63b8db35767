"""Runs the real ``scrapy crawl`` entry point in a subprocess against a local mirror."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
PROXY_VARIABLES = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


@dataclass
class CrawlResult:
    returncode: int
    log: str
    stats: dict[str, Any]
    items: list[dict[str, Any]]
    rows: list[dict[str, Any]] = field(default_factory=list)
    jsonl_bytes: bytes = b""

    def stat(self, key: str) -> int:
        value = self.stats.get(key, 0)
        return int(value) if isinstance(value, int | float) else 0


def crawl_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    env["NO_PROXY"] = "127.0.0.1,localhost"
    return env


def crawl_command(
    mirror: str, workdir: Path, *args: str, spider: str = "rt_arabic", **settings: Any
) -> list[str]:
    """``scrapy crawl SPIDER`` with outputs in ``workdir``; extra ``-a``/``-s`` pairs from args/settings."""
    command = [
        sys.executable, "-m", "scrapy", "crawl", spider,
        "-s", f"NEWSBOT_MIRROR={mirror}",
        "-s", f"NEWSBOT_SQLITE_PATH={workdir / 'newsbot.db'}",
        "-s", f"NEWSBOT_JSONL_PATH={workdir / (spider + '.jsonl')}",
        "-s", f"NEWSBOT_STATS_PATH={workdir / 'stats.json'}",
        "-s", "AUTOTHROTTLE_ENABLED=False",
        "-s", "DOWNLOAD_DELAY=0",
        "-s", "NEWSBOT_RETRY_BACKOFF_BASE=0.05",
        "-s", "LOG_LEVEL=INFO",
        *args,
    ]  # fmt: skip
    for name, value in settings.items():
        command += ["-s", f"{name}={value}"]
    return command


def collect(workdir: Path, returncode: int, log: str, spider: str = "rt_arabic") -> CrawlResult:
    """What a crawl left in ``workdir``: stats, JSONL items and raw bytes, SQLite rows."""
    database = workdir / "newsbot.db"
    jsonl = workdir / f"{spider}.jsonl"
    stats_path = workdir / "stats.json"
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    raw = jsonl.read_bytes() if jsonl.exists() else b""
    items = [json.loads(line) for line in raw.decode("utf-8").splitlines()]
    rows: list[dict[str, Any]] = []
    if database.exists():
        with sqlite3.connect(database) as db:
            db.row_factory = sqlite3.Row
            rows = [dict(row) for row in db.execute("SELECT * FROM articles ORDER BY id")]
    return CrawlResult(returncode, log, stats, items, rows, raw)


def run_crawl(
    mirror: str, workdir: Path, *args: str, spider: str = "rt_arabic", timeout: float = 240, **settings: Any
) -> CrawlResult:
    """Run a crawl to its end and collect what it left."""
    stats_path = workdir / "stats.json"
    stats_path.unlink(missing_ok=True)
    done = subprocess.run(
        crawl_command(mirror, workdir, *args, spider=spider, **settings),
        cwd=REPO,
        env=crawl_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return collect(workdir, done.returncode, done.stderr + done.stdout, spider)
