"""Build or serve a generated RT-Arabic-shaped site.

python -m newsbot.demo build DIR --articles N --seed S   # saved mirror + gold.jsonl
python -m newsbot.demo serve [--articles N] [--port P]   # first stdout line: the base URL
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from newsbot.demo.articles import make_articles
from newsbot.demo.site import build_site, default_now, gold
from newsbot.mirror.server import MirrorServer

GOLD_FILE = "gold.jsonl"


def _parse_now(text: str | None) -> datetime | None:
    if text is None:
        return None
    when = datetime.fromisoformat(text)
    if when.tzinfo is None:
        raise argparse.ArgumentTypeError("--now needs a UTC offset, e.g. 2026-01-08T10:00:00+00:00")
    return when


def write_gold(path: Path, items: dict[str, dict[str, object]]) -> None:
    """One JSON object per line, ``url`` first, UTF-8 (Arabic stays Arabic), keys sorted."""
    with path.open("w", encoding="utf-8") as fh:
        for url, fields in items.items():
            fh.write(json.dumps({"url": url, **fields}, ensure_ascii=False, sort_keys=True) + "\n")


def _build(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    articles = make_articles(args.articles, seed=args.seed)
    now = _parse_now(args.now) or default_now(articles)
    site = build_site(articles, now=now)
    out = Path(args.directory)
    site.save(out)
    write_gold(out / GOLD_FILE, gold(articles))
    took = time.perf_counter() - started
    print(f"{out}: {len(articles)} articles, {len(site)} routes, {took:.1f}s", file=sys.stderr)
    return 0


def _serve(args: argparse.Namespace) -> int:
    articles = make_articles(args.articles, seed=args.seed)
    site = build_site(articles, now=_parse_now(args.now) or default_now(articles))
    server = MirrorServer(site, args.host, args.port, verbose=args.verbose)
    print(server.url, flush=True)
    print(f"serving {len(articles)} articles ({len(site)} routes); Ctrl-C stops", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


_PROXY_VARIABLES = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
_COMPARED = (
    "headline",
    "description",
    "article_body",
    "date_published",
    "section",
    "tags",
    "source",
    "main_image",
)


def _crawl(base_url: str, out: Path) -> int:
    """``scrapy crawl rt_arabic`` through the mirror, outputs in ``out``; returns the exit code."""
    env = {k: v for k, v in os.environ.items() if k not in _PROXY_VARIABLES}
    env["NO_PROXY"] = "127.0.0.1,localhost"
    # Found through scrapy.cfg when run from the repository; this covers any other directory.
    env.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "rt_arabic",
        "-s",
        f"NEWSBOT_MIRROR={base_url}",
        "-s",
        f"NEWSBOT_SQLITE_PATH={out / 'newsbot.db'}",
        "-s",
        f"NEWSBOT_JSONL_PATH={out / 'rt_arabic.jsonl'}",
        "-s",
        f"NEWSBOT_STATS_PATH={out / 'stats.json'}",
        "-s",
        f"LOG_FILE={out / 'crawl.log'}",
        "-s",
        "LOG_LEVEL=INFO",
        # Politeness delays exist for real servers; this one is ours and local.
        "-s",
        "AUTOTHROTTLE_ENABLED=False",
        "-s",
        "DOWNLOAD_DELAY=0",
    ]
    return subprocess.run(command, env=env, check=False).returncode


def _summary(out: Path, expected: dict[str, dict[str, object]]) -> list[str]:
    jsonl = out / "rt_arabic.jsonl"
    items = (
        [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
        if jsonl.exists()
        else []
    )
    by_url = {item.get("canonical_url"): item for item in items}
    found = [url for url in expected if url in by_url]
    lines = [
        f"articles on the site: {len(expected)}; crawled: {len(items)}; matched to the site: {len(found)}"
    ]
    for name in _COMPARED:
        exact = sum(1 for url in found if by_url[url].get(name) == expected[url][name])
        lines.append(f"  {name:<15} exact {exact}/{len(found)}")
    lines.extend(f"  • {by_url[url]['headline']}" for url in found[-3:])
    lines.extend(_crawl_figures(out))
    lines.append(f"outputs: {out / 'newsbot.db'}, {jsonl}, log {out / 'crawl.log'}")
    return lines


def _crawl_figures(out: Path) -> list[str]:
    """Stored, dropped and speed figures from the crawl's own stats and database."""
    stats_path = out / "stats.json"
    if not stats_path.exists():
        return ["no crawl stats were written"]
    stats = json.loads(stats_path.read_text(encoding="utf-8"))
    with sqlite3.connect(out / "newsbot.db") as db:
        stored = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    repeats = stats.get("newsbot/discovery/duplicate_links", 0) + sum(
        value for key, value in stats.items() if key.startswith("newsbot/duplicates/")
    )
    pages = stats.get("response_received_count", 0)
    seconds = (
        datetime.fromisoformat(stats["finish_time"]) - datetime.fromisoformat(stats["start_time"])
    ).total_seconds()
    return [
        f"stored: {stored} articles in SQLite; duplicates dropped: {repeats} "
        "(the same article linked again from feeds, sitemaps, sections, listings and related headlines)",
        f"crawl: {pages} pages in {seconds:.1f} s ({pages / seconds:.1f} pages/s), "
        f"finish reason {stats.get('finish_reason')}",
    ]


def _run(args: argparse.Namespace) -> int:
    articles = make_articles(args.articles, seed=args.seed)
    site = build_site(articles, now=_parse_now(args.now) or default_now(articles))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # The demo starts from scratch each time: the store skips articles it already holds.
    for name in (
        "newsbot.db",
        "newsbot.db-wal",
        "newsbot.db-shm",
        "rt_arabic.jsonl",
        "stats.json",
        "crawl.log",
    ):
        (out / name).unlink(missing_ok=True)
    with MirrorServer(site) as server:
        print(
            f"demo site: {len(articles)} articles at {server.url} (a generated copy of arabic.rt.com)",
            flush=True,
        )
        code = _crawl(server.url, out)
    print("\n".join(_summary(out, gold(articles))), flush=True)
    if code != 0:
        print(f"scrapy exited with {code}; see {out / 'crawl.log'}", file=sys.stderr)
    return code


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsbot.demo", description="Generated RT Arabic site.")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="write a saved mirror and gold.jsonl to DIR")
    build.add_argument("directory")
    serve = sub.add_parser("serve", help="build in memory and serve on localhost")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=0, help="0 picks a free port")
    serve.add_argument("-v", "--verbose", action="store_true", help="log every request to stderr")
    run = sub.add_parser(
        "run", help="serve the site, crawl it with `scrapy crawl rt_arabic`, print a summary"
    )
    run.add_argument("--out", default="data/demo", help="where the database, JSONL and crawl log go")
    for p in (build, serve, run):
        p.add_argument("--articles", type=int, default=40)
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--now", help="capture time (ISO 8601 with offset); default: newest article + 1 h")
    args = parser.parse_args(argv)
    commands = {"build": _build, "serve": _serve, "run": _run}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
