"""Crawl throughput and memory: the real ``scrapy crawl rt_arabic`` against a generated site on localhost.

(a) Throughput. A 5,000-article RT-Arabic-shaped site (``newsbot.demo``; saved once under
``bench/out/`` and reused) is served by nginx (``bench/nginx_mirror.py``: installed with apt-get when
missing, its own config, a free loopback port; the Python ``MirrorServer`` only when nginx cannot be
had, said so in the report). ``scrapy crawl rt_arabic`` (the full pipeline: extraction, text keys,
near-duplicate signature, dedupe, SQLite with search index, JSONL; fresh output directory) and
``bench/bare_spider.py`` (same discovery, same download handler, ``{"url": ...}`` items, no pipelines)
crawl it in turn, alternating, with the same settings: AutoThrottle off, ``DOWNLOAD_DELAY=0``,
``CONCURRENT_REQUESTS`` = ``CONCURRENT_REQUESTS_PER_DOMAIN`` = 16, ``ROBOTSTXT_OBEY``. Pages/s =
responses / elapsed, both from Scrapy's stats; CPU = user + system of the crawl process and every
process it started (the extraction worker), per 1,000 pages; peak RSS of the crawl and its workers.
Goals: newsbot / bare ≥ 0.75 in pages/s, CPU per page ≤ 1.5× bare.

(b) Memory. One newsbot crawl of a larger site, its RSS sampled every 0.5 s with the number of pages
nginx had served so far (its ``stub_status``): peak, RSS at 25/50/75/100 % of the pages, and the slope
of RSS against pages from 25 % on. Then, in a fresh process, the in-memory size per 1,000 articles of
what a crawl keeps per article (the near-duplicate index opened on that crawl's signatures, the
frontier's bounded id sets, Scrapy's request fingerprints), with tracemalloc and as an RSS difference.

    python bench/bench_crawl.py [--part throughput|memory|all] [--articles 5000]
                                [--memory-articles 20000] [--repeat 2] [--budget S] [--profile]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import itertools
import json
import sqlite3
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib
import nginx_mirror
from benchlib import Crawl, Timing

from newsbot.mirror.server import MirrorServer

GOAL_RATIO = 0.75
#: newsbot's CPU per page at most this many times the bare spider's.
GOAL_CPU = 1.5
CRAWL_OUT = benchlib.OUT / "crawl"
MB = 1024 * 1024


def _mb(value: float) -> str:
    return f"{value / MB:.0f} MB"


def _crawl_row(name: str, crawl: Crawl) -> list[object]:
    return [
        name,
        crawl.responses,
        crawl.stat("item_scraped_count"),
        f"{crawl.elapsed:.1f}",
        f"{crawl.pages_per_second:.1f}",
        f"{crawl.crawler_cpu:.1f}",
        f"{crawl.children_cpu:.1f}",
        f"{crawl.crawler_cpu / max(crawl.responses, 1) * 1000:.2f}",
        _mb(crawl.peak_tree_rss),
        f"{crawl.server_cpu:.1f}",
        crawl.stat("log_count/ERROR"),
        crawl.stats.get("finish_reason", f"exit {crawl.returncode}"),
    ]


# -- the server ----------------------------------------------------------------------------------------


@dataclass
class Served:
    """A running server for the benchmark site: nginx, or the Python mirror server as a fallback."""

    url: str
    kind: str
    requests: Callable[[], int]
    cpu: Callable[[], float]


#: Why nginx is not used, once it failed (then every crawl of the run uses the Python server).
_NGINX: dict[str, Any] = {}


def nginx_status() -> tuple[str | None, str]:
    if not _NGINX:
        _NGINX["path"], _NGINX["note"] = nginx_mirror.ensure_nginx()
    return _NGINX["path"], _NGINX["note"]


@contextlib.contextmanager
def serving(articles: int, seed: int, use_nginx: bool = True) -> Iterator[Served]:
    """Serve the cached generated site of ``articles`` with nginx (the Python ``MirrorServer`` when
    nginx is missing, cannot be installed or cannot serve the site; the report says so)."""
    site_on_disk(articles, seed)
    path, _ = nginx_status()
    if use_nginx and path is not None and "failed" not in _NGINX:
        server = nginx_mirror.NginxMirror(benchlib.mirror_dir(articles, seed), CRAWL_OUT / "nginx", path)
        try:
            server.start()
        except (nginx_mirror.Unsupported, RuntimeError, OSError) as exc:
            _NGINX["failed"] = f"nginx could not serve the site ({exc}); the Python MirrorServer served it"
            print(f"NOTE: {_NGINX['failed']}", file=sys.stderr)
        else:
            try:
                yield Served(server.url, "nginx", server.requests, server.cpu_seconds)
            finally:
                server.stop()
            return
    site, _, _ = benchlib.cached_site(articles, seed)
    with MirrorServer(site) as mirror:
        yield Served(mirror.url, "python", lambda: len(mirror.request_log), time.process_time)


def site_on_disk(articles: int, seed: int) -> tuple[int, float, bool]:
    """(routes, seconds, reused) of the generated site saved under bench/out, built when missing;
    nginx serves it from disk, so this process does not hold it in memory."""
    started = time.perf_counter()
    directory = benchlib.mirror_dir(articles, seed)
    reused = (directory / "routes.json").exists()
    if not reused:
        benchlib.cached_site(articles, seed)
    routes = len(json.loads((directory / "routes.json").read_text(encoding="utf-8"))["routes"])
    return routes, time.perf_counter() - started, reused


def server_note() -> str:
    """How the site was served, for the report."""
    path, note = nginx_status()
    if path is None or "failed" in _NGINX:
        reason = _NGINX.get("failed") or note
        return (
            f"**Served by newsbot's threaded Python `MirrorServer`, not nginx**: {reason}. The Python server "
            "limits the bare spider, so the ratio below understates newsbot's cost"
        )
    return (
        f"Served by nginx ({note}; `{nginx_version(path)}`), started by the bench with its own config: one "
        "worker, `daemon off`, access log off, keep-alive, sendfile, a free port on 127.0.0.1, each "
        "route's body and `Content-Type` exactly as the mirror stores them (a `map` of paths, one "
        "internal location per content type)"
    )


def nginx_version(path: str) -> str:
    done = subprocess.run([path, "-v"], capture_output=True, text=True, check=False)
    return (done.stderr or done.stdout).strip()


# -- (a) throughput ---------------------------------------------------------------------------------


#: newsbot's own CONCURRENT_ITEMS (newsbot/settings.py), given to the bare spider for one extra run: it
#: shows how much of the gap is that setting, which any Scrapy project could change too.
NEWSBOT_CONCURRENT_ITEMS = "4"


def crawl_one(
    args: argparse.Namespace, server: Served, name: str, attempt: int, extra: tuple[str, ...] = ()
) -> Crawl:
    """One crawl of the served site by ``bare`` or ``newsbot``, into a fresh directory."""
    workdir = benchlib.fresh_dir(CRAWL_OUT / f"throughput-{name}{'-tuned' if extra else ''}-{attempt}")
    make = benchlib.bare_command if name == "bare" else benchlib.newsbot_command
    command = [*make(server.url, workdir, args.concurrency), *extra]
    crawl = benchlib.run_crawl(command, workdir, server_cpu=server.cpu)
    benchlib.check_crawl(crawl, workdir, name, args.articles)
    if name == "newsbot":
        # bench_dedupe's incremental run can start from this database (run.py passes it on).
        marker = {"articles": args.articles, "seed": args.seed}
        (workdir / "site.json").write_text(json.dumps(marker), encoding="utf-8")
    return crawl


def profile_crawl(args: argparse.Namespace, server: Served) -> Path:
    workdir = benchlib.fresh_dir(CRAWL_OUT / "profile-newsbot")
    profile_path = workdir / "py-spy.txt"
    command = [
        str(Path(sys.executable).with_name("py-spy")),
        "record", "--nonblocking", "--rate", "100", "--format", "raw",
        "--output", str(profile_path), "--",
        *benchlib.newsbot_command(server.url, workdir, args.concurrency),
    ]  # fmt: skip
    benchlib.run_crawl(command, workdir)
    return profile_path


def throughput_report(
    args: argparse.Namespace,
    runs: dict[str, list[Crawl]],
    site_note: str,
    profile_path: Path | None,
    budget_note: str,
    tuned: list[Crawl],
) -> tuple[str, dict[str, Any]]:
    order = [(name, i) for i in range(max(map(len, runs.values()))) for name in runs if i < len(runs[name])]
    rates = {name: Timing([c.elapsed / c.responses for c in crawls]) for name, crawls in runs.items()}
    best = {name: 1 / rates[name].best for name in runs}
    ratio = best["newsbot"] / best["bare"]
    newsbot = runs["newsbot"][0]
    # CPU per page of a spider: its best (lowest) run, every process of the crawl counted.
    cpu_per_page = {name: min(c.crawler_cpu / c.responses for c in crawls) for name, crawls in runs.items()}
    cpu_ratio = cpu_per_page["newsbot"] / cpu_per_page["bare"]
    peak = {name: max(c.peak_tree_rss for c in crawls) for name, crawls in runs.items()}
    requests = ", ".join(
        f"{key.removeprefix('newsbot/requests/')} {value}"
        for key, value in sorted(newsbot.stats.items())
        if key.startswith("newsbot/requests/")
    )
    verdict = "met" if ratio >= GOAL_RATIO else "MISSED"
    cpu_verdict = "met" if cpu_ratio <= GOAL_CPU else "MISSED"
    header = [
        "spider (run)",
        "responses",
        "items",
        "elapsed s",
        "pages/s",
        "CPU s (all processes)",
        "of which workers",
        "CPU s / 1,000 pages",
        "peak RSS",
        "server CPU s",
        "errors",
        "finish",
    ]
    lines = [
        "### (a) Throughput: `scrapy crawl rt_arabic` vs a bare Scrapy spider",
        "",
        f"Site: {site_note}. {server_note()}. Both crawls: `CONCURRENT_REQUESTS={args.concurrency}`, "
        f"`CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}`, AutoThrottle off, `DOWNLOAD_DELAY=0`, "
        "`ROBOTSTXT_OBEY=True`, the mirror download handler, `LOG_LEVEL=INFO`; newsbot into a fresh output "
        f"directory (SQLite with search index, JSONL, near-duplicate index). Runs alternate bare / newsbot. "
        f"{budget_note}",
        "",
        "CPU is user + system time of the crawl process and every process it started (the extraction "
        "worker): the `wait4` rusage of the crawl process, which includes its reaped children, checked "
        "against psutil samples of the live children. Peak RSS is the crawl process plus its children.",
        "",
        benchlib.table(header, [_crawl_row(f"{name} ({i + 1})", runs[name][i]) for name, i in order]),
        "",
        f"Best of {len(runs['bare'])}: bare **{best['bare']:.1f} pages/s** "
        f"(spread {rates['bare'].spread:.0%}); best of {len(runs['newsbot'])}: newsbot "
        f"**{best['newsbot']:.1f} pages/s** (spread {rates['newsbot'].spread:.0%}); "
        f"ratio newsbot / bare = **{ratio:.2f}** (goal ≥ {GOAL_RATIO}) → {verdict}.",
        f"CPU per page, all processes of the crawl: bare **{cpu_per_page['bare'] * 1000:.2f} ms**, newsbot "
        f"**{cpu_per_page['newsbot'] * 1000:.2f} ms** = **{cpu_ratio:.2f}×** bare (goal ≤ {GOAL_CPU}×) → "
        f"{cpu_verdict}. Peak RSS (crawl + workers): bare {_mb(peak['bare'])}, "
        f"newsbot {_mb(peak['newsbot'])}.",
        f"newsbot requests by kind: {requests}; stored {newsbot.stat('newsbot/articles/new')} new articles.",
    ]
    tuned_data: dict[str, float] = {}
    if tuned:
        run = tuned[0]
        tuned_data = {
            "pages_per_second": run.pages_per_second,
            "cpu_ms_per_page": run.crawler_cpu / run.responses * 1000,
        }
        lines += [
            "",
            f"newsbot sets `CONCURRENT_ITEMS = {NEWSBOT_CONCURRENT_ITEMS}` (Scrapy's default is 100; see "
            "docs/settings.md). The bare spider above runs on Scrapy's default. One more bare run with "
            f"`-s CONCURRENT_ITEMS={NEWSBOT_CONCURRENT_ITEMS}`, for a like-for-like reading: "
            f"**{run.pages_per_second:.1f} pages/s**, "
            f"**{tuned_data['cpu_ms_per_page']:.2f} ms CPU per page**; "
            f"against it newsbot's ratio would be {best['newsbot'] / run.pages_per_second:.2f} and its CPU "
            f"per page {cpu_per_page['newsbot'] * 1000 / tuned_data['cpu_ms_per_page']:.2f}× (one run).",
        ]
    if profile_path is not None and profile_path.exists():
        from profiles import report

        lines += [
            "",
            "Profile of a newsbot crawl (py-spy, 100 Hz, crawl process):",
            "",
            report(profile_path, 30),
        ]
    data = {
        "articles": args.articles,
        "seed": args.seed,
        "concurrency": args.concurrency,
        "server": server_note(),
        "server_kind": "nginx" if nginx_status()[0] and "failed" not in _NGINX else "Python MirrorServer",
        "pages_per_second": best,
        "ratio": ratio,
        "cpu_ms_per_page": {name: value * 1000 for name, value in cpu_per_page.items()},
        "cpu_ratio": cpu_ratio,
        "peak_rss": peak,
        "bare_with_newsbot_concurrent_items": tuned_data,
        "runs": {
            name: [
                {
                    "responses": c.responses,
                    "elapsed": c.elapsed,
                    "pages_per_second": c.pages_per_second,
                    "crawler_cpu": c.crawler_cpu,
                    "children_cpu": c.children_cpu,
                    "peak_rss": c.peak_tree_rss,
                    "server_cpu": c.server_cpu,
                }
                for c in crawls
            ]
            for name, crawls in runs.items()
        },
        "newsbot_workdir": str(CRAWL_OUT / "throughput-newsbot-0"),
    }
    return "\n".join(lines), data


# -- (b) memory ---------------------------------------------------------------------------------------


def _at_fraction(samples: list[tuple[float, int, int]], total: int, fraction: float) -> tuple[int, int]:
    """(pages, RSS) of the first sample at or past ``fraction`` of the pages."""
    for _, rss, pages in samples:
        if pages >= fraction * total:
            return pages, rss
    return samples[-1][2], samples[-1][1]


def _fit_slope(points: list[tuple[int, int]]) -> float:
    """Least-squares slope of y on x.

    >>> _fit_slope([(0, 1), (1, 3), (2, 5)])
    2.0
    """
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else 0.0


def _time_at(samples: list[tuple[float, int, int]], pages: int) -> float:
    """Seconds into the crawl of the first sample with at least ``pages`` served."""
    return next((t for t, _, served in samples if served >= pages), samples[-1][0])


def memory(args: argparse.Namespace, articles: int, size_note: str) -> tuple[str, dict[str, Any]]:
    routes, build_seconds, reused = site_on_disk(articles, args.seed)
    workdir = benchlib.fresh_dir(CRAWL_OUT / "memory")
    with serving(articles, args.seed) as server:
        command = benchlib.newsbot_command(server.url, workdir, args.concurrency)
        crawl = benchlib.run_crawl(
            command, workdir, sample_rss=args.interval, responses=server.requests, server_cpu=server.cpu
        )
    benchlib.check_crawl(crawl, workdir, "memory", articles)
    if not crawl.rss_samples:
        raise SystemExit(f"memory crawl: no RSS samples; see {workdir}/crawl.log")
    samples = crawl.rss_samples
    total = max(pages for _, _, pages in samples)
    # The last sample may be taken while the process is tearing down; the 100 % point is the
    # largest RSS seen once every page was served.
    points = {f: _at_fraction(samples, total, f) for f in (0.25, 0.5, 0.75)}
    final = [(pages, rss) for _, rss, pages in samples if pages >= total]
    points[1.0] = (total, max(rss for _, rss in final) if final else samples[-1][1])
    (p25, r25), (p100, r100) = points[0.25], points[1.0]
    two_point = (r100 - r25) / MB / ((p100 - p25) / 1000) if p100 > p25 else 0.0
    # The headline slope is a least-squares fit over every sample from 25 % of the pages to the last
    # one taken while pages were still being served: two points alone move with one GC pause or the
    # final commit.
    fitted = [(pages, rss) for _, rss, pages in samples if p25 <= pages < total]
    slope = _fit_slope(fitted) / MB * 1000 if len(fitted) >= 3 else two_point
    structures = _structures_in_subprocess(workdir / "newsbot.db")
    # Pages/s in each quarter of the crawl: a per-page cost that grows with the database shows here.
    when = {0.0: 0.0} | {f: _time_at(samples, pages) for f, (pages, _) in points.items()}
    first = {0.0: 0} | {f: pages for f, (pages, _) in points.items()}
    fractions = sorted(when)
    rate = {
        b: (first[b] - first[a]) / (when[b] - when[a]) if when[b] > when[a] else 0.0
        for a, b in itertools.pairwise(fractions)
    }
    rss_rows = [
        [f"{int(f * 100)} %", f"{pages:,}", _mb(rss), f"{rate[f]:.1f}"]
        for f, (pages, rss) in sorted(points.items())
    ]
    stored = crawl.stat("newsbot/articles/new")
    grows = slope > 1.0
    index = structures[0]
    index_per_1000 = index["traced"] / max(index["entries"], 1) * 1000
    lines = [
        f"### (b) Memory: one newsbot crawl of {articles:,} articles",
        "",
        f"{size_note}Site: {articles:,} articles (seed {args.seed}), {routes:,} routes "
        f"({'loaded' if reused else 'built and saved'} in {build_seconds:.1f} s); same settings as (a). "
        f"{crawl.responses:,} responses, {stored:,} articles stored in {crawl.elapsed:.0f} s "
        f"({crawl.pages_per_second:.1f} pages/s). RSS of the crawl process sampled every {args.interval} s "
        f"({len(samples)} samples), pages = requests the server had answered at that moment.",
        "",
        benchlib.table(["point", "pages", "RSS", "pages/s in the quarter before"], rss_rows),
        "",
        f"Peak RSS **{_mb(crawl.peak_rss)}**. Slope of RSS against pages from 25 % of the pages on "
        f"(least squares over {len(fitted)} samples): **{slope:.2f} MB per 1,000 pages** → memory "
        f"{'grows with pages' if grows else 'is flat'}; between the 25 % and 100 % points alone, "
        f"{two_point:.2f} MB per 1,000 pages (RSS {_mb(r25)} → {_mb(r100)} over {p100 - p25:,} pages, the "
        "100 % point including the final commits). In a fresh process, the "
        f"near-duplicate index holds {benchlib.human_bytes(index_per_1000)} per 1,000 articles once open "
        "(table below).",
        "",
        "Structures a crawl keeps per article, rebuilt in a fresh process from this crawl's database "
        "(entries = what is held after all articles were offered; tracemalloc = Python allocations, RSS = "
        "resident growth of the process). Scrapy's own request fingerprints grow with every request, in "
        "the bare spider too:",
        "",
        benchlib.table(
            ["structure", "entries", "tracemalloc", "per 1,000", "RSS diff", "per 1,000"],
            [
                [
                    s["name"],
                    f"{s['entries']:,}",
                    benchlib.human_bytes(s["traced"]),
                    benchlib.human_bytes(s["traced"] / max(s["entries"], 1) * 1000),
                    benchlib.human_bytes(s["rss"]),
                    benchlib.human_bytes(s["rss"] / max(s["entries"], 1) * 1000),
                ]
                for s in structures
            ],
        ),
    ]
    data = {
        "articles": articles,
        "responses": crawl.responses,
        "elapsed": crawl.elapsed,
        "peak_rss": crawl.peak_rss,
        "points": {
            str(f): {"pages": p, "rss": r, "pages_per_second": rate[f]} for f, (p, r) in points.items()
        },
        "slope_mb_per_1000_pages": slope,
        "two_point_slope_mb_per_1000_pages": two_point,
        "structures": structures,
        "samples": samples,
    }
    return "\n".join(lines), data


def _structures_in_subprocess(database: Path) -> list[dict[str, Any]]:
    done = subprocess.run(
        [sys.executable, __file__, "--measure-structures", str(database)],
        capture_output=True,
        text=True,
        check=True,
        cwd=benchlib.REPO,
    )
    result: list[dict[str, Any]] = json.loads(done.stdout)
    return result


def measure_structures(database: Path) -> list[dict[str, Any]]:
    """Sizes of the in-memory dedupe structures a crawl of this database's articles holds."""
    import numpy as np
    import psutil
    from datasketch import LeanMinHash
    from scrapy import Request
    from scrapy.utils.request import fingerprint

    from newsbot.spiders.frontier import RECENT_IDS, RecentSet
    from newsbot.store import sqlite_lsh
    from newsbot.store.sqlite import SqliteStore
    from newsbot.text.neardup import SEED

    process = psutil.Process()
    db = sqlite3.connect(database)
    rows = db.execute("SELECT id, canonical_url, content_hash FROM articles").fetchall()
    out: list[dict[str, Any]] = []

    def measure(name: str, build: Any) -> Any:
        gc.collect()
        rss_before = process.memory_info().rss
        tracemalloc.start()
        built = build()
        traced = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
        gc.collect()
        entries = len(built)  # the index's length is its stored signatures
        out.append(
            {
                "name": name,
                "entries": entries,
                "traced": traced,
                "rss": process.memory_info().rss - rss_before,
            }
        )
        return built

    class Indexed:
        """The store, measured as an index: its length is its stored signatures."""

        def __init__(self, store: SqliteStore) -> None:
            self.store = store

        def __len__(self) -> int:
            return sqlite_lsh.size(self.store.db)

    def near_duplicates() -> Any:
        # What a crawl holds for the near-duplicate check once open: the index (its LSH is in SQLite)
        # after answering 100 queries with stored signatures.
        index = SqliteStore(database)
        for scheme, blob in db.execute("SELECT scheme, sig FROM signatures LIMIT 100"):
            values = np.frombuffer(blob, dtype=np.uint32 if scheme == "affine32" else np.uint64)
            index.find_near_duplicate(LeanMinHash(seed=SEED, hashvalues=values, scheme=scheme))
        return Indexed(index)

    kept = [measure("near-duplicate index (opened, 100 queries answered)", near_duplicates)]
    maps: dict[str, Any] = {}

    def frontier_sets() -> Any:
        # What the frontier keeps of a crawl of these articles: every id offered to its two
        # bounded sets (scheduled ids; counted (stat, id) pairs), the newest RECENT_IDS kept.
        maps["scheduled"] = RecentSet(RECENT_IDS)
        maps["counted"] = RecentSet(RECENT_IDS)
        for row in rows:
            maps["scheduled"].add(row[0])
            maps["counted"].add(("discovery/known_skipped", row[0]))
        return maps["scheduled"]

    kept.append(
        measure(f"frontier: scheduled ids + counted pairs (newest {RECENT_IDS:,} kept)", frontier_sets)
    )
    kept.append(
        measure(
            "Scrapy request fingerprints (one per article request)",
            lambda: {fingerprint(Request(row[1])).hex() for row in rows},
        )
    )
    del kept
    return out


def plan_memory(args: argparse.Namespace, elapsed: float, pages_per_second: float) -> tuple[int, str]:
    """(memory crawl size, why): ``--memory-articles`` when it fits what is left of ``--budget``,
    else 10,000 (never fewer: below that the RSS curve says little about a big site's crawl).

    The crawl is estimated from the throughput crawl's pages/s, scaled by the site's pages (about
    1.01 per article) with a 30 % margin for costs that grow with the database, plus building the site.
    """
    if args.budget is None:
        return args.memory_articles, ""

    def estimate(articles: int) -> float:
        build = 0 if (benchlib.mirror_dir(articles, args.seed) / "routes.json").exists() else articles / 1000
        return articles * 1.01 / pages_per_second * 1.3 + build + 10

    left = args.budget - elapsed
    sizes = [args.memory_articles, *([10_000] if args.memory_articles > 10_000 else [])]
    chosen = next((n for n in sizes if estimate(n) <= left), sizes[-1])
    why = (
        f"Budget: {args.budget:.0f} s for bench_crawl. After {elapsed:.0f} s, the "
        f"{args.memory_articles:,}-article memory crawl was estimated at "
        f"{estimate(args.memory_articles):.0f} s (at {pages_per_second:.1f} pages/s + 30 %)"
    )
    if chosen != args.memory_articles:
        why += (
            f", over the budget, so {chosen:,} articles were crawled instead "
            f"(estimated {estimate(chosen):.0f} s)"
        )
    if estimate(chosen) > left:
        why += f"; {chosen:,} is still over the budget, and crawled all the same"
    return chosen, why + ". "


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", choices=("all", "throughput", "memory"), default="all")
    parser.add_argument("--articles", type=int, default=5000, help="site size for the throughput crawls")
    parser.add_argument("--memory-articles", type=int, default=20_000, help="site size for the memory crawl")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=2, help="bare + newsbot pairs; the best of each counts")
    parser.add_argument(
        "--budget",
        type=float,
        help="seconds for the whole script: a 10k-article memory crawl instead of 20k, fewer runs, to fit",
    )
    parser.add_argument("--interval", type=float, default=0.5, help="RSS sampling interval, seconds")
    parser.add_argument("--profile", action="store_true", help="also run a newsbot crawl under py-spy")
    parser.add_argument("--measure-structures", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure_structures:
        print(json.dumps(measure_structures(args.measure_structures)))
        return 0

    started = time.perf_counter()
    data: dict[str, Any] = {}
    texts: dict[str, str] = {}
    runs: dict[str, list[Crawl]] = {"bare": [], "newsbot": []}
    tuned: list[Crawl] = []
    seconds: dict[str, float] = {}
    memory_articles, memory_note, site_note = args.memory_articles, "", ""

    def throughput_runs(first: int, last: int) -> None:
        """Runs ``first``..``last - 1`` of each spider, alternating, within the budget if there is one."""
        nonlocal site_note
        routes, build_seconds, reused = site_on_disk(args.articles, args.seed)
        if not site_note:
            where = benchlib.mirror_dir(args.articles, args.seed).relative_to(benchlib.REPO)
            site_note = (
                f"{args.articles:,} generated articles (seed {args.seed}), {routes:,} routes, "
                f"{'loaded from' if reused else 'built and saved to'} `{where}` in {build_seconds:.1f} s"
            )
        with serving(args.articles, args.seed) as server:
            for attempt in range(first, last):
                for name in runs:
                    spent = time.perf_counter() - started
                    if attempt and args.budget is not None and spent + seconds[name] > args.budget:
                        continue
                    run_started = time.perf_counter()
                    runs[name].append(crawl_one(args, server, name, attempt))
                    seconds[name] = time.perf_counter() - run_started
            if first == 0 and not tuned:
                items = ("-s", f"CONCURRENT_ITEMS={NEWSBOT_CONCURRENT_ITEMS}")
                tuned.append(crawl_one(args, server, "bare", 0, items))

    if args.part in ("all", "throughput"):
        throughput_runs(0, 1 if args.part == "all" else args.repeat)
    if args.part == "all":
        elapsed = time.perf_counter() - started
        memory_articles, memory_note = plan_memory(args, elapsed, runs["newsbot"][0].pages_per_second)
    if args.part in ("all", "memory"):
        texts["memory"], data["memory"] = memory(args, memory_articles, memory_note)
    if args.part == "all":
        # More throughput runs, for best-of and spread, with what the memory crawl left of the budget.
        throughput_runs(1, args.repeat)
    if args.part in ("all", "throughput"):
        profile_path = None
        if args.profile:
            with serving(args.articles, args.seed) as server:
                profile_path = profile_crawl(args, server)
        runs_note = ""
        if args.budget is not None:
            runs_note = (
                f"Runs: newsbot {len(runs['newsbot'])}, bare {len(runs['bare'])} of the {args.repeat} asked; "
                f"runs after the first come after the memory crawl, as many as fit the budget of "
                f"{args.budget:.0f} s (one takes {seconds['newsbot']:.0f} s / {seconds['bare']:.0f} s)."
            )
        texts["throughput"], data["throughput"] = throughput_report(
            args, runs, site_note, profile_path, runs_note, tuned
        )
    sections = ["## Crawl: throughput and memory", ""]
    sections += [f"{texts[part]}\n" for part in ("throughput", "memory") if part in texts]
    sections.append(f"(bench_crawl took {time.perf_counter() - started:.0f} s)")
    benchlib.emit("\n".join(sections), benchlib.OUT / "crawl.json", data)
    return 0


if __name__ == "__main__":
    sys.exit(main())
