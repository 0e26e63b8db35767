"""Rendering in Chromium, end to end: ``scrapy crawl`` subprocesses against mirrors whose text exists only
after their scripts run. The site mirrors' rendered crawls themselves are scored in test_site_mirrors.py;
here: the same mirrors over plain HTTP get no text (so rendering is what brings it), the generic spider
with ``-a render=true`` reads a script-only site whole, a crawl without rendering starts no browser, and a
browser killed in the middle of a crawl is started again and its pages retried.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from scrapy import Request

from newsbot.mirror.server import MirrorServer
from newsbot.mirror.site import MirrorSite
from tests.crawl.runner import REPO, CrawlResult, collect, crawl_command, crawl_env, run_crawl
from tests.crawl.test_site_mirrors import MIRRORS, gold, word_f1
from tests.support import script_site
from tests.support.browser import require_browser
from tests.support.processes import browsers, playwright_drivers

pytestmark = pytest.mark.timeout(240)


def playwright_stats(result: CrawlResult) -> dict[str, object]:
    return {k: v for k, v in result.stats.items() if k.startswith(("playwright/", "newsbot/render/"))}


@dataclass
class Watched:
    result: CrawlResult
    #: Browser (main) processes and Playwright driver processes seen while the crawl ran.
    browsers: set[int]
    drivers: set[int]
    killed: bool


def watched_crawl(
    mirror: str,
    workdir: Path,
    *args: str,
    spider: str,
    kill_browser_after: float | None = None,
    give_up_after: float = 180,
    **settings: str,
) -> Watched:
    """Run a crawl while watching its processes.

    With ``kill_browser_after``, the first browser process is killed that many seconds after it appeared.
    A crawl still running after ``give_up_after`` seconds is killed and the test fails with its log.
    """
    workdir.mkdir(parents=True, exist_ok=True)
    log_path = workdir / "crawl.log"
    seen: set[int] = set()
    drivers: set[int] = set()
    first_seen: float | None = None
    killed = False
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            crawl_command(mirror, workdir, *args, spider=spider, **settings),
            cwd=REPO,
            env=crawl_env(),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started = time.monotonic()
        while process.poll() is None:
            if time.monotonic() - started > give_up_after:
                process.kill()
                process.wait()
                tail = log_path.read_text(encoding="utf-8")[-5000:]
                pytest.fail(f"the crawl stalled for {give_up_after:.0f} s:\n{tail}")
            found = browsers(process.pid)
            if found and first_seen is None:
                first_seen = time.monotonic()
            seen.update(found)
            drivers.update(playwright_drivers(process.pid))
            due = first_seen is not None and time.monotonic() - first_seen >= (kill_browser_after or 0)
            if kill_browser_after is not None and not killed and found and due:
                os.kill(found[0], signal.SIGKILL)
                killed = True
            time.sleep(0.05)
    result = collect(workdir, process.returncode, log_path.read_text(encoding="utf-8"), spider)
    return Watched(result, seen, drivers, killed)


# -- the site mirrors over plain HTTP --------------------------------------------------------------


def test_alarabiya_over_plain_http_gets_no_article_text(tmp_path: Path) -> None:
    with MirrorServer(MirrorSite.load(MIRRORS / "alarabiya")) as server:
        result = run_crawl(server.url, tmp_path, spider="alarabiya", NEWSBOT_RENDER="off")
    assert result.returncode == 0, result.log[-3000:]
    # The feed names articles and they are fetched, but their served pages hold no text.
    assert result.stat("downloader/request_count") > 5
    assert [item["article_body"] for item in result.items if item["article_body"]] == []
    assert playwright_stats(result) == {}


def test_cnn_arabic_over_plain_http_finds_only_the_feed(tmp_path: Path) -> None:
    with MirrorServer(MirrorSite.load(MIRRORS / "cnn_arabic")) as server:
        # Related links on article pages lead to a few more stories: off, to see what the fronts give.
        result = run_crawl(
            server.url, tmp_path, spider="cnn_arabic", NEWSBOT_RENDER="off", NEWSBOT_ARTICLE_LINK_HOPS="0"
        )
    assert result.returncode == 0, result.log[-3000:]
    found = {item["canonical_url"] for item in result.items}
    # Article pages are plain HTML: the feed's two come out; the fronts, empty without their script,
    # give none of the other six (test_site_mirrors finds all eight when the fronts are rendered).
    assert len(found) == 2 and found < set(gold("cnn_arabic"))
    assert playwright_stats(result) == {}


# -- the generic spider on a site that is only a script ----------------------------------------------


def test_generic_spider_with_render_reads_a_script_only_site_whole(tmp_path: Path) -> None:
    require_browser()
    site = script_site.build()
    with MirrorServer(site) as server:
        start = f"-a start={server.url}/"
        rendered = run_crawl(server.url, tmp_path / "rendered", *start.split(" ", 1), "-a", "render=true",
                             spider="generic", ROBOTSTXT_OBEY="False")  # fmt: skip
        plain = run_crawl(server.url, tmp_path / "plain", *start.split(" ", 1),
                          spider="generic", ROBOTSTXT_OBEY="False")  # fmt: skip
    assert rendered.returncode == 0, rendered.log[-3000:]
    truth = script_site.gold()
    items = {item["url"].removeprefix(server.url): item for item in rendered.items}
    assert sorted(items) == sorted(truth)
    for path, story in truth.items():
        assert items[path]["headline"] == story.headline
        assert word_f1(items[path]["article_body"], "\n\n".join(t for _, t in story.blocks)) >= 0.98, path
        assert items[path]["date_published"] == story.published_iso
    assert rendered.stat("newsbot/render/requests") >= len(truth)
    # Without the browser the same site is empty shells: no article at all.
    assert plain.returncode == 0 and plain.items == []


@pytest.mark.parametrize("older", ["scroll", "button"])
def test_generic_spider_with_render_loads_the_rest_of_its_start_pages(tmp_path: Path, older: str) -> None:
    """Half of the stories are linked only after the home page is scrolled to the bottom, or after its
    "load more" button (not a link) is clicked."""
    require_browser()
    with MirrorServer(script_site.build(older=older)) as server:
        result = run_crawl(server.url, tmp_path, "-a", f"start={server.url}/", "-a", "render=true",
                           spider="generic", ROBOTSTXT_OBEY="False")  # fmt: skip
    assert result.returncode == 0, result.log[-3000:]
    found = sorted(item["url"].removeprefix(server.url) for item in result.items)
    assert found == sorted(script_site.gold())


def test_generic_spider_with_render_reads_a_feed_as_served_and_keeps_real_urls(tmp_path: Path) -> None:
    """A start URL that is a feed is rendered like any page of a render=true crawl; the browser would
    show it in its XML viewer, so the route handler keeps the document as served. Through the mirror,
    pages and their scripts and JSON come from the test server while items keep the site's URLs."""
    require_browser()
    with MirrorServer(script_site.build()) as server:
        start = f"start={script_site.ORIGIN}/feed.xml"
        result = run_crawl(server.url, tmp_path, "-a", start, "-a", "render=true",
                           spider="generic", ROBOTSTXT_OBEY="False")  # fmt: skip
    assert result.returncode == 0, result.log[-3000:]
    truth = script_site.gold()
    assert sorted(item["url"] for item in result.items) == sorted(script_site.ORIGIN + p for p in truth)
    for item in result.items:
        story = truth[item["url"].removeprefix(script_site.ORIGIN)]
        assert word_f1(item["article_body"], "\n\n".join(t for _, t in story.blocks)) >= 0.98
    assert result.stat("newsbot/render/not_html") == 1
    assert result.stat("newsbot/discovery/feed/pages") == 1


def test_generic_spider_render_argument_is_checked() -> None:
    from newsbot.spiders.generic import GenericSpider

    with pytest.raises(ValueError, match="render"):
        GenericSpider(start="https://example.com/", render="maybe")
    assert GenericSpider(start="https://example.com/").profile.render is None


# -- browser or none -----------------------------------------------------------------------------------


def test_a_crawl_without_rendering_starts_no_browser(tmp_path: Path) -> None:
    with MirrorServer(MirrorSite.load(MIRRORS / "euronews_ar")) as server:
        watched = watched_crawl(server.url, tmp_path, spider="euronews_ar")
    result = watched.result
    assert result.returncode == 0, result.log[-3000:]
    assert result.items, "the crawl must have done some work while it was watched"
    assert watched.browsers == set() and watched.drivers == set()
    assert playwright_stats(result) == {}
    # Neither scrapy-playwright's handler nor the render middleware was loaded.
    assert "scrapy-playwright" not in result.log and "RenderMiddleware" not in result.log


def test_a_rendering_crawl_runs_one_playwright_driver_and_one_browser(tmp_path: Path) -> None:
    """Scrapy builds a download handler per URL scheme; newsbot's shares one scrapy-playwright handler
    between them, or each would start a driver (and, fetching both schemes, a browser)."""
    require_browser()
    with MirrorServer(MirrorSite.load(MIRRORS / "alarabiya")) as server:
        watched = watched_crawl(server.url, tmp_path, spider="alarabiya")
    assert watched.result.returncode == 0, watched.result.log[-3000:]
    assert watched.result.items
    assert len(watched.drivers) == 1 and len(watched.browsers) == 1
    assert watched.result.stat("playwright/browser_count") == 1


def test_a_killed_browser_is_restarted_and_its_pages_retried(tmp_path: Path) -> None:
    require_browser()
    with MirrorServer(MirrorSite.load(MIRRORS / "alarabiya")) as server:
        # Slowed down so that the browser dies with pages still to render.
        watched = watched_crawl(
            server.url,
            tmp_path,
            spider="alarabiya",
            kill_browser_after=1.5,
            DOWNLOAD_DELAY="0.3",
            # A page caught in the crash whose Playwright call is never answered is given up and retried.
            NEWSBOT_RENDER_DEADLINE="30",
        )
    result = watched.result
    assert result.returncode == 0, result.log[-3000:]
    assert watched.killed and len(watched.browsers) >= 2, (
        "the watcher must have seen a browser, killed it and a new one"
    )
    assert result.stat("playwright/browser_count") >= 2
    missing = set(gold("alarabiya")) - {item["canonical_url"] for item in result.items}
    assert missing == set()
    assert all(item["article_body"] for item in result.items)


# -- a page served with no charset -----------------------------------------------------------------------


def test_a_page_served_without_charset_is_read_as_utf8_where_bare_chromium_garbles_it() -> None:
    """pitfalls.md: Chromium reads a page labelled nowhere as windows-1252. The Al Arabiya mirror serves
    one article that way on purpose; newsbot's route handler labels it UTF-8."""
    import asyncio

    from playwright.async_api import async_playwright

    from newsbot.render.chromium import FLAGS
    from newsbot.render.routes import PageRoutes
    from newsbot.sites.alarabiya import PROFILE
    from tests.support.sites.alarabiya import NO_CHARSET, WWW
    from tests.support.sites.alarabiya_data import FIXTURE_STORIES
    from tests.support.sites.common import pct

    executable = require_browser()
    story = next(s for s in FIXTURE_STORIES if s.case == NO_CHARSET)
    site = MirrorSite.load(MIRRORS / "alarabiya")
    served = site.lookup(pct(story.path))
    assert served is not None and served.content_type == "text/html"
    assert b"<meta charset" not in served.body and b"charset=" not in served.body

    async def titles(mirror: str) -> tuple[str, str]:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=executable, args=list(FLAGS))
            bare = await browser.new_page()
            await bare.goto(mirror + pct(story.path))
            routed = await browser.new_page()
            routes = PageRoutes.build(PROFILE.all_hosts, mirror, None, 30)
            await routes.attach(routed, Request(WWW + pct(story.path)))
            await routed.goto(mirror + pct(story.path))
            found = await bare.title(), await routed.title()
            await browser.close()
            return found

    with MirrorServer(site) as server:
        bare_title, routed_title = asyncio.run(titles(server.url))
    assert story.headline not in bare_title and "Ø" in bare_title
    assert routed_title == f"{story.headline} | العربية"


def test_newsbot_crawl_runs_a_rendering_and_a_plain_site_in_one_process(tmp_path: Path) -> None:
    """One process, one reactor (asyncio, Scrapy's default): CNN Arabic's fronts go through the browser
    while Euronews beside it stays on plain HTTP."""
    import json
    import sys

    require_browser()
    site = MirrorSite.load(MIRRORS / "euronews_ar")
    site.update(MirrorSite.load(MIRRORS / "cnn_arabic"))  # disjoint paths but "/" and robots.txt
    settings = {
        "NEWSBOT_SQLITE_PATH": tmp_path / "newsbot.db",
        "NEWSBOT_JSONL_PATH": f"{tmp_path}/{{spider}}.jsonl",
        "NEWSBOT_LOCK_DIR": tmp_path / "locks",
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
    }
    with MirrorServer(site) as server:
        command = [sys.executable, "-m", "newsbot.cli", "crawl", "cnn_arabic", "euronews_ar", "--json"]
        command += ["--log-file", str(tmp_path / "crawl.log"), "-s", f"NEWSBOT_MIRROR={server.url}"]
        for name, value in settings.items():
            command += ["-s", f"{name}={value}"]
        done = subprocess.run(command, cwd=REPO, env=crawl_env(), capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stdout + done.stderr
    summary = {row["site"]: row for row in json.loads(done.stdout.splitlines()[-1])["sites"]}
    assert summary["cnn_arabic"]["articles_new"] == len(gold("cnn_arabic"))
    assert summary["euronews_ar"]["articles_new"] == len(gold("euronews_ar"))
    log = (tmp_path / "crawl.log").read_text(encoding="utf-8")
    assert "[scrapy-playwright]" in log


def test_a_redirect_followed_in_the_browser_keeps_the_real_host(tmp_path: Path) -> None:
    """The browser follows a redirect itself; through the mirror the item is the page it landed on,
    on the site's real host."""
    require_browser()
    site = script_site.build()
    site.redirect("/old/news/3", "/news/3")
    origin = script_site.ORIGIN
    site.add(
        "/feed.xml",
        f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>x</title><item>'
        f"<title>t</title><link>{origin}/old/news/3</link></item></channel></rss>",
        "application/rss+xml; charset=utf-8",
    )
    with MirrorServer(site) as server:
        result = run_crawl(server.url, tmp_path, "-a", f"start={origin}/feed.xml", "-a", "render=true",
                           spider="generic", ROBOTSTXT_OBEY="False")  # fmt: skip
        served = server.request_log.paths()
    assert result.returncode == 0, result.log[-3000:]
    assert "/old/news/3" in served and "/news/3" in served
    assert [item["url"] for item in result.items] == [f"{origin}/news/3"]
    assert result.items[0]["headline"] == script_site.gold()["/news/3"].headline


def test_without_chromium_newsbot_crawl_names_the_package_and_crawls_the_other_sites(tmp_path: Path) -> None:
    import json
    import sys

    env = crawl_env() | {"NEWSBOT_CHROMIUM_PATH": str(tmp_path / "no-chromium")}
    with MirrorServer(MirrorSite.load(MIRRORS / "euronews_ar")) as server:
        command = [sys.executable, "-m", "newsbot.cli", "crawl", "alarabiya", "euronews_ar", "--json"]
        for name, value in {
            "NEWSBOT_MIRROR": server.url,
            "NEWSBOT_SQLITE_PATH": tmp_path / "newsbot.db",
            "NEWSBOT_JSONL_PATH": f"{tmp_path}/{{spider}}.jsonl",
            "NEWSBOT_LOCK_DIR": tmp_path / "locks",
            "AUTOTHROTTLE_ENABLED": "False",
            "DOWNLOAD_DELAY": "0",
        }.items():
            command += ["-s", f"{name}={value}"]
        done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 1, done.stdout + done.stderr
    summary = {row["site"]: row for row in json.loads(done.stdout.splitlines()[-1])["sites"]}
    assert summary["alarabiya"]["health"] == "spider_error"
    assert "apt-get install -y chromium" in summary["alarabiya"]["problems"][0]
    assert summary["euronews_ar"]["health"] == "ok"
    assert summary["euronews_ar"]["articles_new"] == len(gold("euronews_ar"))
