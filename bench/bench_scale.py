"""Scale-out: pages/s of 1, 2 and 4 ``scrapy crawl rt_arabic`` workers sharing one Redis frontier
and one PostgreSQL store, against the benchmark mirror; and PostgreSQL store rows/s.

    python bench/bench_scale.py [--articles 2000] [--workers 1,2,4] [--rows 2000]

Each worker count gets a fresh PostgreSQL schema and Redis key prefix. Workers start together;
pages/s is the responses of all workers over the wall time from the first start to the last exit
(Scrapy start-up included, as an operator sees it). The mirror is newsbot's threaded
``MirrorServer`` in this process, so on a small machine the server competes with the workers for
the same cores: the numbers say how far this machine scales, not how far the design does.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import benchlib

from newsbot.mirror.server import MirrorServer

PG_BASE = "host=127.0.0.1 port=5432 dbname=test user=postgres"
REDIS_URL = "redis://127.0.0.1:6379/0"


def fresh_schema() -> tuple[str, str]:
    import psycopg

    schema = f"newsbot_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_BASE, autocommit=True) as admin:
        admin.execute(f"CREATE SCHEMA {schema}")  # type: ignore[arg-type]
    return schema, f"{PG_BASE} options='-c search_path={schema}'"


def drop_schema(schema: str) -> None:
    import psycopg

    with psycopg.connect(PG_BASE, autocommit=True) as admin:
        admin.execute(f"DROP SCHEMA {schema} CASCADE")  # type: ignore[arg-type]


def crawl(mirror: str, workers: int, articles: int, concurrency: int) -> dict[str, Any]:
    from newsbot.store import open_dsn

    schema, dsn = fresh_schema()
    prefix = f"newsbot-bench-{uuid.uuid4().hex[:8]}"
    open_dsn(dsn).close()
    root = benchlib.fresh_dir(benchlib.OUT / "scale" / f"workers-{workers}")
    processes = []
    started = time.perf_counter()
    for number in range(workers):
        home = benchlib.fresh_dir(root / f"worker{number}")
        command = [
            *benchlib.newsbot_command(mirror, home, concurrency),
            "-s", f"NEWSBOT_POSTGRES_DSN={dsn}",
            "-s", f"NEWSBOT_REDIS_URL={REDIS_URL}",
            "-s", f"NEWSBOT_REDIS_PREFIX={prefix}",
        ]  # fmt: skip
        processes.append(
            subprocess.Popen(command, cwd=benchlib.REPO, env=benchlib.crawl_env(), stdout=subprocess.DEVNULL)
        )
    codes = [process.wait(timeout=1800) for process in processes]
    wall = time.perf_counter() - started
    stats = [json.loads((root / f"worker{n}" / "stats.json").read_text()) for n in range(workers)]
    pages = sum(int(s.get("response_received_count", 0)) for s in stats)
    store = open_dsn(dsn)
    stored = store.count()
    store.close()
    drop_schema(schema)
    if codes != [0] * workers or stored != articles:
        raise SystemExit(f"{workers} workers: exit codes {codes}, {stored} of {articles} stored; see {root}")
    return {
        "workers": workers,
        "wall": wall,
        "pages": pages,
        "pages_per_second": pages / wall,
        "per_worker_pages": [int(s.get("response_received_count", 0)) for s in stats],
    }


def baseline(mirror: str, articles: int, concurrency: int) -> dict[str, Any]:
    """One process with the embedded SQLite store and Scrapy's own scheduler, timed the same way."""
    home = benchlib.fresh_dir(benchlib.OUT / "scale" / "sqlite")
    started = time.perf_counter()
    code = subprocess.run(
        benchlib.newsbot_command(mirror, home, concurrency),
        cwd=benchlib.REPO,
        env=benchlib.crawl_env(),
        stdout=subprocess.DEVNULL,
        check=False,
    ).returncode
    wall = time.perf_counter() - started
    stats = json.loads((home / "stats.json").read_text())
    if code != 0 or stats.get("newsbot/articles/new") != articles:
        raise SystemExit(f"SQLite baseline: exit {code}; see {home}")
    pages = int(stats.get("response_received_count", 0))
    return {"workers": "1 (SQLite, no Redis)", "wall": wall, "pages": pages,
            "pages_per_second": pages / wall, "per_worker_pages": [pages]}  # fmt: skip


def store_rows(rows: int) -> dict[str, float]:
    """Rows/s of the PostgreSQL store: saves (one transaction each, with and without a near-duplicate
    signature), and buffered URL discoveries."""
    from newsbot.demo.articles import make_articles
    from newsbot.items import Article
    from newsbot.store import open_dsn
    from newsbot.text import normalize_text
    from newsbot.text.neardup import signature

    specs = make_articles(rows, seed=5)
    items = []
    for spec in specs:
        key = f"rt_arabic:{spec.article_id}"
        url = f"https://arabic.rt.com/world/{spec.article_id}-x"
        text = "\n\n".join(normalize_text(p) for p in spec.paragraphs)
        items.append(
            Article(
                id=key,
                site="rt_arabic",
                url=url,
                canonical_url=url,
                headline=spec.headline,
                article_body=text,
                content_hash=key,
            )
        )
    sigs = [signature(item.article_body or "") for item in items]
    result: dict[str, float] = {}
    for name, with_sig in (("save", False), ("save_with_signature", True)):
        schema, dsn = fresh_schema()
        store = open_dsn(dsn)
        store.open_near_duplicates(window_days=60)
        started = time.perf_counter()
        for item, sig in zip(items, sigs, strict=True):
            store.save(item, fetched_url=item.url, signature=sig if with_sig else None)
        store.close()
        result[name] = rows / (time.perf_counter() - started)
        drop_schema(schema)
    schema, dsn = fresh_schema()
    store = open_dsn(dsn)
    urls = [(f"https://arabic.rt.com/world/{n}-y", f"rt_arabic:{n}", None) for n in range(rows * 10)]
    started = time.perf_counter()
    for start in range(0, len(urls), 50):  # as a listing page hands them over
        store.record_discovered("rt_arabic", urls[start : start + 50])
    store.close()
    result["record_discovered"] = len(urls) / (time.perf_counter() - started)
    drop_schema(schema)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--workers", default="1,2,4")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--rows", type=int, default=2000)
    args = parser.parse_args(argv)
    site, _, _ = benchlib.cached_site(args.articles, args.seed)
    runs = []
    with MirrorServer(site) as server:
        reference = baseline(server.url, args.articles, args.concurrency)
        for workers in (int(n) for n in args.workers.split(",")):
            runs.append(crawl(server.url, workers, args.articles, args.concurrency))
    rows = store_rows(args.rows)
    base = runs[0]["pages_per_second"]
    table = benchlib.table(
        ["workers", "pages", "wall s", "pages/s", "speed-up over 1 worker", "pages per worker"],
        [
            [r["workers"], r["pages"], f"{r['wall']:.1f}", f"{r['pages_per_second']:.1f}",
             f"{r['pages_per_second'] / base:.2f}×", ", ".join(map(str, r["per_worker_pages"]))]
            for r in [reference, *runs]
        ],
    )  # fmt: skip
    store_table = benchlib.table(
        ["PostgreSQL store operation", "rows/s"],
        [[name, f"{value:,.0f}"] for name, value in rows.items()],
    )
    markdown = (
        "## Scale-out (`bench/bench_scale.py`)\n\n"
        f"{args.articles:,}-article generated site (seed {args.seed}), `scrapy crawl rt_arabic` workers "
        f"with `NEWSBOT_REDIS_URL` and `NEWSBOT_POSTGRES_DSN`, CONCURRENT_REQUESTS={args.concurrency} each; "
        "every run stored every article once.\n\n"
        f"{table}\n\n{store_table}\n\n"
        "`save`: one transaction per article (row, URL mark, search key); `save_with_signature` adds "
        "the advisory locks and LSH bands; `record_discovered`: buffered, one transaction per "
        "`NEWSBOT_STORE_BATCH` rows.\n"
    )
    data = {"baseline": reference, "crawl": runs, "store_rows_per_second": rows}
    benchlib.emit(markdown, benchlib.OUT / "scale.json", data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
