"""Dedupe and incremental crawling: near-dup throughput, state size, index start-up, re-crawl requests.

1. Throughput: generated article bodies (plus 10 % republished near-copies) through what the store
   does for the near-duplicate check per article: ``signature`` (MinHash of word 3-grams of the match
   key), the LSH query + Jaccard check and the LSH insert (``newsbot.store.sqlite_lsh``), in a SQLite
   file committed in the store's batches, and in an in-memory store. One core, a fresh index per
   pass, best of ``--repeat``.
2. State size: bytes of the SQLite file a 5,000-article crawl leaves, per 1,000 articles, split by
   table (indexes counted with their table) with SQLite's ``dbstat``.
3. Start-up: 100,000 signatures in the format the store writes (bulk insert of random hash values
   of the same scheme, dtype and length, with their LSH band rows), then the pipeline's start-up on
   that database timed (``SqliteStore``, ``open_near_duplicates``), and a ``find`` against 100,000
   stored signatures.
4. Incremental run: the 5,000-article mirror crawled once (or that crawl's database taken from
   ``bench_crawl`` with ``--first-run DIR``), then the site gains 20 articles (``add_articles``) and is
   crawled again: article requests (``newsbot/requests/article``) and discovery requests (the other
   ``newsbot/requests/*``) of the second run. Goal: at most 20 article requests.

    python bench/bench_dedupe.py [--docs 2000] [--signatures 100000] [--first-run DIR]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib
import numpy as np
import xxhash
from benchlib import Timing
from datasketch import LeanMinHash

from newsbot.demo import add_articles, build_site, default_now, make_articles, republish
from newsbot.mirror.server import MirrorServer
from newsbot.store import sqlite_lsh as lsh
from newsbot.store.sqlite import SqliteStore
from newsbot.text import normalize_text
from newsbot.text.neardup import HASHFUNC, NUM_PERM, SEED, signature

DEDUPE_OUT = benchlib.OUT / "dedupe"
NEW_ARTICLES = 20


_size = benchlib.human_bytes


# -- 1. throughput ----------------------------------------------------------------------------------


def corpus(n: int, seed: int) -> list[tuple[str, str]]:
    """(key, body) of ``n`` articles and a republished near-copy of every tenth one."""
    specs = make_articles(n, seed=seed)
    next_id = max(s.article_id for s in specs) + 1
    copies = [republish(spec, next_id + k, seed=k) for k, spec in enumerate(specs[::10])]
    docs = [(f"rt_arabic:{s.article_id}", normalize_text(s.body_text, multiline=True)) for s in specs]
    docs += [(f"rt_arabic:{s.article_id}", normalize_text(s.body_text, multiline=True)) for s in copies]
    return docs


def one_pass(docs: list[tuple[str, str]], database: Path | None) -> tuple[float, float, int, int]:
    """(signature seconds, LSH find + add (+ commit) seconds, near-duplicates found, too short) for
    one pass, with the index in an in-memory store or in a fresh SQLite file, committed in the
    store's batches as in a crawl."""
    if database is not None:
        for stale in database.parent.glob(database.name + "*"):
            stale.unlink()
    store = SqliteStore(database)
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    in_signature = in_lsh = 0.0
    found = short = 0
    for key, body in docs:
        t0 = time.perf_counter()
        sig = signature(body)
        t1 = time.perf_counter()
        in_signature += t1 - t0
        if sig is None:
            short += 1
            continue
        # What ``SqliteStore.save`` does for the index, in the store's pending transaction.
        with store._operation() as db:
            match = lsh.find(db, store.bands, sig, confirm=store.confirm, exclude=key)
            story = match.story_id if match else key
            lsh.add(db, store.bands, key, sig, story, site="rt_arabic", published=None, stamp=stamp)
        in_lsh += time.perf_counter() - t1
        found += match is not None
    t1 = time.perf_counter()
    store.close()
    in_lsh += time.perf_counter() - t1
    return in_signature, in_lsh, found, short


def _rate_row(step: str, n: int, timing: Timing, *, bold: bool = False) -> list[str]:
    rate = f"{n / timing.best:,.0f}"
    return [step, f"**{rate}**" if bold else rate, f"{timing.best / n * 1e6:.0f}", f"{timing.spread:.0%}"]


def throughput(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    docs = corpus(args.docs, args.seed)
    database = DEDUPE_OUT / "throughput.db"
    database.parent.mkdir(parents=True, exist_ok=True)
    one_pass(docs[:50], database)  # warm-up: imports, permutation tables, SQLite
    n = len(docs)
    rows: list[list[str]] = []
    data: dict[str, Any] = {"docs": n}
    found = short = 0
    for label, where in (("SQLite store (as in a crawl)", database), ("in-memory store", None)):
        total, sig_time, lsh_time = Timing(), Timing(), Timing()
        for _ in range(args.repeat):
            gc.collect()
            started = time.perf_counter()
            in_signature, in_lsh, found, short = one_pass(docs, where)
            total.runs.append(time.perf_counter() - started)
            sig_time.runs.append(in_signature)
            lsh_time.runs.append(in_lsh)
        rows += [
            _rate_row(f"{label}: signature + LSH query + insert", n, total, bold=where is not None),
            _rate_row(f"{label}: signature (MinHash, 128 perm)", n, sig_time),
            _rate_row(f"{label}: LSH query + Jaccard + insert", n, lsh_time),
        ]
        data["sqlite" if where is not None else "memory"] = {
            "docs_per_second": n / total.best,
            "signature_docs_per_second": n / sig_time.best,
            "lsh_docs_per_second": n / lsh_time.best,
            "runs": total.runs,
        }
    data |= {"docs_per_second": data["sqlite"]["docs_per_second"], "found": found, "short": short}
    words = sum(len(body.split()) for _, body in docs) / n
    lines = [
        "### Near-duplicate throughput",
        "",
        f"{n:,} bodies ({args.docs:,} generated articles + {n - args.docs:,} republished near-copies; "
        f"{words:.0f} words on average) through `signature` and the store's LSH `find` and `add`; one "
        f"core, a fresh index per pass, best of {args.repeat}. Writes are committed in the store's "
        f"batches ({SqliteStore(None).batch} writes), into a fresh database file or an in-memory store.",
        "",
        benchlib.table(["step", "docs/s", "µs/doc", "spread"], rows),
        "",
        f"Near-duplicates linked: {found} of {n - args.docs} near-copies; {short} bodies too short to sign.",
    ]
    return "\n".join(lines), data


# -- 2. state size ------------------------------------------------------------------------------------


def state_size(database: Path) -> tuple[str, dict[str, Any]]:
    db = sqlite3.connect(database)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    owner = dict(db.execute("SELECT name, tbl_name FROM sqlite_master"))
    by_table: dict[str, int] = {}
    for name, size in db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name"):
        table = owner.get(name, name)
        if table.startswith("articles_fts"):
            table = "articles_fts"
        by_table[table] = by_table.get(table, 0) + int(size)
    db.close()
    files = sum(p.stat().st_size for p in database.parent.glob(database.name + "*"))
    per = articles / 1000
    rows = [
        [f"`{table}`", _size(size), _size(size / per), f"{size / sum(by_table.values()):.0%}"]
        for table, size in sorted(by_table.items(), key=lambda kv: -kv[1])
        if size >= 8192
    ]
    dedupe = sum(by_table.get(t, 0) for t in ("signatures", "lsh_bands", "urls", "documents"))
    lines = [
        "### State size",
        "",
        f"After crawling and storing {articles:,} articles: database file {_size(files)} "
        f"= **{_size(files / per)} per 1,000 articles**. By table (indexes included, `dbstat`):",
        "",
        benchlib.table(["table", "bytes", "per 1,000 articles", "share"], rows),
        "",
        f"Dedupe and incremental state (`signatures` + `lsh_bands` + `urls` + `documents`): "
        f"{_size(dedupe / per)} per "
        "1,000 articles; the rest is the articles themselves and their full-text index.",
    ]
    data = {"articles": articles, "file_bytes": files, "by_table": by_table}
    return "\n".join(lines), data


# -- 3. start-up -------------------------------------------------------------------------------------


def write_signatures(path: Path, n: int) -> float:
    """A database holding ``n`` signatures in the format ``NearDuplicateIndex.flush`` writes (the
    ``signatures`` rows and their ``lsh_bands`` rows), bulk-inserted; returns the seconds taken.

    Hash values are random (distinct stories), of the scheme, dtype and length a real signature has;
    band keys are computed as the index computes them, checked against it.
    """
    started = time.perf_counter()
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    template = signature(" ".join(f"كلمة{i}" for i in range(60)))
    assert template is not None
    dtype, scheme, seed = template.hashvalues.dtype, template.scheme, template.seed
    rng = np.random.default_rng(0)
    values = rng.integers(0, np.iinfo(dtype).max, size=(n, len(template.hashvalues)), dtype=dtype)
    store = SqliteStore(path)
    bands = store.bands
    width = bands.rows * values.itemsize
    buffer = values.tobytes()
    row_bytes = values.shape[1] * values.itemsize
    keys = np.empty((n, bands.bands), dtype=np.int64)
    for i in range(n):
        base = i * row_bytes
        for band in range(bands.bands):
            start = base + band * width
            keys[i, band] = xxhash.xxh3_64_intdigest(buffer[start : start + width]) - 2**63
    for i in range(min(n, 5)):  # the same keys the index computes
        sig = LeanMinHash(seed=seed, hashvalues=values[i], scheme=scheme)
        assert [k for _, k in bands.keys(sig)] == keys[i].tolist()
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store._operation() as db:
        db.executemany(
            """INSERT INTO signatures(rowid, id, site, story_id, published, stored_at, scheme, seed,
                                      num_perm, hashfunc, sig) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                (i + 1, f"rt_arabic:{i}", "rt_arabic", f"rt_arabic:{i}", now, now, scheme, seed,
                 values.shape[1], HASHFUNC, values[i].tobytes())
                for i in range(n)
            ),
        )  # fmt: skip
        for band in range(bands.bands):
            order = np.argsort(keys[:, band], kind="stable")
            db.executemany(
                "INSERT OR IGNORE INTO lsh_bands(band, bucket, sig) VALUES (?, ?, ?)",
                ((band, int(keys[i, band]), int(i) + 1) for i in order),
            )
    probe = LeanMinHash(seed=seed, hashvalues=values[n // 2], scheme=scheme)
    store.commit()
    match = store.find_near_duplicate(probe)
    assert match is not None and match.id == f"rt_arabic:{n // 2}", "the bulk-written index does not answer"
    store.close()
    return time.perf_counter() - started


def startup(args: argparse.Namespace) -> tuple[str, dict[str, Any]]:
    import psutil

    path = DEDUPE_OUT / f"signatures-{args.signatures}.db"
    path.parent.mkdir(parents=True, exist_ok=True)
    written = write_signatures(path, args.signatures)
    process = psutil.Process()
    opening, finds = Timing(), Timing()
    rss = 0
    size = 0
    rng = np.random.default_rng(1)
    template = signature(" ".join(f"كلمة{i}" for i in range(60)))
    assert template is not None
    dtype = template.hashvalues.dtype
    probes = [
        LeanMinHash(
            seed=SEED,
            hashvalues=rng.integers(0, np.iinfo(dtype).max, size=NUM_PERM, dtype=dtype),
            scheme=template.scheme,
        )
        for _ in range(200)
    ]
    for attempt in range(args.startup_repeat):
        gc.collect()
        before = process.memory_info().rss
        started = time.perf_counter()
        # What StorePipeline.open_spider does, on the store a crawl opens.
        store = SqliteStore(path)
        size = store.open_near_duplicates(window_days=3650).size
        opening.runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        for probe in probes:
            store.find_near_duplicate(probe)
        finds.runs.append(time.perf_counter() - started)
        if attempt == 0:
            rss = process.memory_info().rss - before
        store.close()
    lines = [
        "### Start-up with stored signatures",
        "",
        f"{size:,} signatures with their LSH bands ({_size(path.stat().st_size)} SQLite, bulk-written "
        f"in {written:.1f} s). Start-up as `StorePipeline.open_spider` does it (`SqliteStore`, "
        "`open_near_duplicates`: prune, backfill, size): "
        f"**{opening.best * 1000:.1f} ms** best of {args.startup_repeat} (median {opening.median * 1000:.1f} "
        f"ms, spread {opening.spread:.0%}). A `find` against them then takes "
        f"{finds.best / len(probes) * 1e6:.0f} µs (best of {args.startup_repeat} × {len(probes)} probes, "
        f"spread {finds.spread:.0%}); the process grew by {_size(rss)} of RSS for start-up and the probes.",
    ]
    data = {
        "signatures": size,
        "load_seconds": opening.runs,
        "find_seconds": [t / len(probes) for t in finds.runs],
        "rss_bytes": rss,
        "write_seconds": written,
    }
    return "\n".join(lines), data


# -- 4. incremental -----------------------------------------------------------------------------------


def _first_run(args: argparse.Namespace, workdir: Path, server_url: str) -> tuple[str, benchlib.Crawl | None]:
    source = args.first_run
    if source is not None:
        marker = source / "site.json"
        wanted = {"articles": args.articles, "seed": args.site_seed}
        if marker.exists() and json.loads(marker.read_text()) == wanted and (source / "newsbot.db").exists():
            for path in source.glob("newsbot.db*"):
                shutil.copy2(path, workdir / path.name)
            return f"the database of bench_crawl's throughput crawl of the same site (`{source.name}`)", None
    crawl = benchlib.run_crawl(benchlib.newsbot_command(server_url, workdir, args.concurrency), workdir)
    benchlib.check_crawl(crawl, workdir, "incremental run 1", args.articles)
    return f"a crawl of its own ({crawl.elapsed:.0f} s)", crawl


def incremental(args: argparse.Namespace) -> tuple[str, str, dict[str, Any]]:
    workdir = benchlib.fresh_dir(DEDUPE_OUT / "incremental")
    site, _, _ = benchlib.cached_site(args.articles, args.site_seed)
    with MirrorServer(site) as server:
        origin, _ = _first_run(args, workdir, server.url)
        size_text, size_data = state_size(workdir / "newsbot.db")
        specs = make_articles(args.articles, seed=args.site_seed)
        grown = add_articles(specs, NEW_ARTICLES, seed=1)
        server.site = build_site(grown, now=default_now(grown))
        server.request_log.clear()
        second = benchlib.run_crawl(benchlib.newsbot_command(server.url, workdir, args.concurrency), workdir)
        served = len(server.request_log)
    benchlib.check_crawl(second, workdir, "incremental run 2", NEW_ARTICLES)
    requests = {
        key.removeprefix("newsbot/requests/"): int(value)
        for key, value in second.stats.items()
        if key.startswith("newsbot/requests/")
    }
    article = requests.get("article", 0)
    discovery = sum(v for k, v in requests.items() if k != "article")
    met = article <= NEW_ARTICLES
    by_kind = ", ".join(f"{k} {v}" for k, v in sorted(requests.items()) if k != "article")
    lines = [
        "### Incremental run",
        "",
        f"Run 1: {args.articles:,} articles (seed {args.site_seed}), from {origin}. The site then gains "
        f"{NEW_ARTICLES} articles (`add_articles`, rebuilt with a later capture time) and is crawled again "
        "into the same database:",
        "",
        benchlib.table(
            ["run 2", "count"],
            [
                ["article requests (`newsbot/requests/article`)", f"**{article}**"],
                [
                    "discovery requests (other `newsbot/requests/*`)",
                    f"**{discovery}** ({by_kind})",
                ],
                ["requests the server saw (incl. robots.txt, redirects)", served],
                ["new articles stored (`newsbot/articles/new`)", second.stat("newsbot/articles/new")],
                ["sub-sitemaps skipped as unchanged", second.stat("newsbot/incremental/sitemap_unchanged")],
                ["known articles skipped", second.stat("newsbot/discovery/known_skipped")],
                ["elapsed", f"{second.elapsed:.1f} s"],
            ],
        ),
        "",
        f"Goal: at most {NEW_ARTICLES} article requests plus discovery pages → {'met' if met else 'MISSED'}.",
    ]
    data = {
        "articles": args.articles,
        "first_run": origin,
        "requests": requests,
        "article_requests": article,
        "discovery_requests": discovery,
        "served": served,
        "new_stored": second.stat("newsbot/articles/new"),
        "state_size": size_data,
    }
    return "\n".join(lines), size_text, data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=2000, help="articles for the throughput test")
    parser.add_argument("--seed", type=int, default=5, help="seed of the throughput corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--signatures", type=int, default=100_000)
    parser.add_argument("--startup-repeat", type=int, default=3, help="timed loads of the signatures")
    parser.add_argument("--articles", type=int, default=5000, help="site size for the incremental run")
    parser.add_argument("--site-seed", type=int, default=7, help="same as bench_crawl's --seed")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--first-run", type=Path, help="a bench_crawl newsbot workdir to start run 2 from")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    affinity = os.sched_getaffinity(0) if hasattr(os, "sched_setaffinity") else None
    if affinity is not None:
        # The in-process measurements on one core; the crawls below get both back.
        os.sched_setaffinity(0, {min(affinity)})
    speed_text, speed = throughput(args)
    startup_text, start = startup(args)
    if affinity is not None:
        os.sched_setaffinity(0, affinity)
    incremental_text, size_text, incr = incremental(args)
    text = "\n\n".join(
        [
            "## Dedupe and incremental crawling",
            speed_text,
            size_text,
            startup_text,
            incremental_text,
            f"(bench_dedupe took {time.perf_counter() - started:.0f} s)",
        ]
    )
    benchlib.emit(
        text, benchlib.OUT / "dedupe.json", {"throughput": speed, "startup": start, "incremental": incr}
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
