"""Rendered crawl: pages/s and memory of ``scrapy crawl alarabiya`` rendering N article pages in Chromium.

    python bench/bench_render.py [--pages 500] [--concurrency 4] [--interval 0.5]

The site is the Al Arabiya mini-site's markup and script (tests/support/sites/alarabiya.py) with N
stories: every article page is an empty shell whose text the script fetches from JSON, so each one is
a real render (page, scripts, JSON, page actions) in Debian's Chromium. The feed names them all. RSS
is sampled every ``--interval`` seconds for the crawl process and for the browser (Chromium's
processes and Playwright's driver), summed with psutil, against the number of pages rendered so far
(article JSON requests the mirror has answered). Memory must not grow with pages: the slope of the
summed RSS over the last 75 % of the crawl is reported in MB per 100 pages.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib

from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite
from tests.support.sites import alarabiya as markup
from tests.support.sites.alarabiya_data import FIXTURE_STORIES, MIRROR_STORIES
from tests.support.sites.common import HTML_UTF8, JSON_UTF8, TEXT_UTF8, Story

BASE = (*FIXTURE_STORIES, *MIRROR_STORIES)


def stories(count: int) -> list[Story]:
    """``count`` distinct stories: the mini-site's, each with its own path, headline and closing line."""
    made = []
    for i in range(count):
        base = BASE[i % len(BASE)]
        day = 1 + i % 28
        made.append(
            dataclasses.replace(
                base,
                case=f"bench-{i}",
                path=f"/{base.section}/2026/11/{day:02d}/bench-story-{i}",
                headline=f"{base.headline} ({i})",
                blocks=(
                    *base.blocks,
                    ("p", f"تابعت العربية.نت هذا الخبر في تقريرها رقم {i} من سلسلة المتابعة."),
                ),
            )
        )
    return made


def build(count: int) -> MirrorSite:
    site = MirrorSite()
    made = stories(count)
    for i, story in enumerate(made):
        site.add(story.path, markup.article_html(story), HTML_UTF8)
        site.add(markup.api_path(story), markup.article_json(story, [made[(i + 1) % count]]), JSON_UTF8)
    site.add("/static/js/app.js", markup.APP_JS, markup.JS)
    site.add("/.mrss/ar.xml", markup.mrss(made), markup.RSS_UTF8)
    site.add("/", markup.section_html(None), HTML_UTF8)
    site.add("/api/v1/section/home.json", markup.listing_json("الأحدث", made[:4]), JSON_UTF8)
    site.add("/robots.txt", "User-agent: *\nDisallow: /search\n", TEXT_UTF8)
    return site


def command(mirror: str, workdir: Path, concurrency: int, per_context: int) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", "alarabiya",
        "-s", f"NEWSBOT_MIRROR={mirror}",
        "-s", f"NEWSBOT_SQLITE_PATH={workdir / 'newsbot.db'}",
        "-s", f"NEWSBOT_JSONL_PATH={workdir / 'alarabiya.jsonl'}",
        "-s", f"NEWSBOT_STATS_PATH={workdir / 'stats.json'}",
        "-s", f"LOG_FILE={workdir / 'crawl.log'}",
        "-s", f"NEWSBOT_RENDER_CONCURRENCY={concurrency}",
        "-s", f"NEWSBOT_RENDER_PAGES_PER_CONTEXT={per_context}",
        "-s", "NEWSBOT_ARTICLE_LINK_HOPS=0",
        *benchlib.speed_settings(concurrency),
    ]  # fmt: skip


def browser_side(name: str, line: list[str]) -> bool:
    """Chromium's processes, and the Playwright driver (node) that speaks to it."""
    text = " ".join(line[:2]).lower()
    return "chrom" in name.lower() or "playwright" in text or name == "node"


def crawl(count: int, concurrency: int, per_context: int, interval: float) -> dict[str, Any]:
    import psutil

    workdir = benchlib.fresh_dir(benchlib.OUT / "render" / f"pages-{count}-ctx-{per_context}")
    samples: list[dict[str, float]] = []
    with MirrorServer(build(count)) as server:
        started = time.perf_counter()
        process = psutil.Popen(
            command(server.url, workdir, concurrency, per_context),
            cwd=benchlib.REPO,
            env=benchlib.crawl_env(),
        )
        while process.poll() is None:
            crawl_rss = browser_rss = pss = 0
            try:
                crawl_rss = process.memory_info().rss
                pss = process.memory_full_info().pss
                for child in process.children(recursive=True):
                    try:
                        rss = child.memory_info().rss
                        pss += child.memory_full_info().pss
                        if browser_side(child.name(), child.cmdline()):
                            browser_rss += rss
                        else:
                            crawl_rss += rss  # the extraction worker is part of the crawl
                    except psutil.Error:
                        continue
            except psutil.Error:
                break
            pages = sum(1 for p in server.request_log.paths() if p.startswith("/api/v1/article/"))
            samples.append(
                {
                    "seconds": time.perf_counter() - started,
                    "pages": pages,
                    "crawl_rss": crawl_rss,
                    "browser_rss": browser_rss,
                    "pss": pss,
                }
            )
            time.sleep(interval)
        wall = time.perf_counter() - started
    stats = json.loads((workdir / "stats.json").read_text(encoding="utf-8"))
    items = int(stats.get("item_scraped_count", 0))
    rendered = int(stats.get("newsbot/render/requests/article", 0))
    if process.returncode != 0 or items < count * 0.99:
        raise SystemExit(f"render crawl: exit {process.returncode}, {items} items of {count}; {workdir}")
    elapsed = float(stats.get("elapsed_time_seconds") or wall)
    return {
        "pages": count,
        "concurrency": concurrency,
        "pages_per_context": per_context,
        "items": items,
        "rendered_articles": rendered,
        "rendered_pages": int(stats.get("newsbot/render/requests", 0)),
        "elapsed_seconds": elapsed,
        "pages_per_second": rendered / elapsed,
        "contexts_closed": int(stats.get("newsbot/render/contexts_closed", 0)),
        "browser_count": int(stats.get("playwright/browser_count", 0)),
        "peak_crawl_rss": max(s["crawl_rss"] for s in samples),
        "peak_browser_rss": max(s["browser_rss"] for s in samples),
        "peak_total_rss": max(s["crawl_rss"] + s["browser_rss"] for s in samples),
        "peak_total_pss": max(s["pss"] for s in samples),
        "slope_mb_per_100_pages": slope(samples, count),
        "pss_slope_mb_per_100_pages": slope(samples, count, lambda s: s["pss"]),
        "samples": samples,
    }


def summed_rss(sample: dict[str, float]) -> float:
    return sample["crawl_rss"] + sample["browser_rss"]


def slope(
    samples: list[dict[str, float]], count: int, memory: Callable[[dict[str, float]], float] = summed_rss
) -> float:
    """Least-squares slope of ``memory`` (MB) over pages rendered (per 100), from 25 % of the pages on."""
    points = [(s["pages"], memory(s) / 2**20) for s in samples if count * 0.25 <= s["pages"] <= count]
    if len(points) < 3:
        return 0.0
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    var = sum((x - mean_x) ** 2 for x, _ in points)
    cov = sum((x - mean_x) * (y - mean_y) for x, y in points)
    return 100 * cov / var if var else 0.0


def at_marks(samples: list[dict[str, float]], count: int, step: int = 100) -> list[list[object]]:
    """The first sample at or past every ``step`` pages."""
    rows = []
    for mark in range(step, count + 1, step):
        sample = next((s for s in samples if s["pages"] >= mark), samples[-1])
        rows.append(
            [
                mark,
                f"{sample['crawl_rss'] / 2**20:.0f}",
                f"{sample['browser_rss'] / 2**20:.0f}",
                f"{(sample['crawl_rss'] + sample['browser_rss']) / 2**20:.0f}",
                f"{sample['pss'] / 2**20:.0f}",
            ]
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--per-context", type=int, default=100, help="NEWSBOT_RENDER_PAGES_PER_CONTEXT")
    parser.add_argument("--interval", type=float, default=0.5)
    args = parser.parse_args(argv)
    result = crawl(args.pages, args.concurrency, args.per_context, args.interval)
    mb = 2**20
    r = result
    measures = [
        ["articles stored / article pages rendered", f"{r['items']} / {r['rendered_articles']}"],
        ["rendered pages/s (article pages / Scrapy's elapsed time)", f"{r['pages_per_second']:.2f}"],
        ["elapsed", f"{r['elapsed_seconds']:.1f} s"],
        [
            "peak RSS crawl / browser / sum",
            " / ".join(f"{r[f'peak_{key}_rss'] / mb:.0f}" for key in ("crawl", "browser", "total")) + " MB",
        ],
        ["peak PSS, crawl and browser together", f"{r['peak_total_pss'] / mb:.0f} MB"],
        [
            "slope of summed RSS; of PSS (25 %→100 % of pages)",
            f"{r['slope_mb_per_100_pages']:+.2f}; {r['pss_slope_mb_per_100_pages']:+.2f} MB / 100 pages",
        ],
        ["browser contexts closed; browsers started", f"{r['contexts_closed']}; {r['browser_count']}"],
    ]
    marks = at_marks(r["samples"], args.pages)
    lines = [
        "## Rendered crawl (`bench/bench_render.py`)",
        "",
        f"`scrapy crawl alarabiya` on a {args.pages}-article copy of the Al Arabiya mini-site whose article "
        "text exists only after its script runs: every article page rendered in Debian's Chromium "
        f"(scrapy-playwright, {args.concurrency} pages at a time, a new browser context every "
        f"{args.per_context} pages). RSS sampled every {args.interval} s with psutil; crawl = the scrapy "
        "process and its extraction worker, browser = Chromium's processes and Playwright's driver. "
        "Summed RSS counts the memory Chromium's processes share once per process; PSS (proportional "
        "set size) counts it once in all.",
        "",
        benchlib.table(["measure", "value"], measures),
        "",
        benchlib.table(["pages rendered", "crawl RSS MB", "browser RSS MB", "RSS sum", "PSS sum"], marks),
    ]
    benchlib.emit("\n".join(lines), benchlib.OUT / "render.json", result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
