"""The rendering switches without a browser: where Chromium is found, which crawls and requests render,
what a rendering crawl's settings are, and how the middleware marks requests for scrapy-playwright."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.settings import Settings
from scrapy.spiders import Spider
from scrapy.statscollectors import MemoryStatsCollector

from newsbot.render import chromium
from newsbot.render.chromium import FLAGS, BrowserNotFound, find_chromium
from newsbot.render.middleware import RenderMiddleware
from newsbot.render.plan import RenderPlan
from newsbot.render.settings import MIDDLEWARE, PLAYWRIGHT_HANDLER, renders
from newsbot.sites.alarabiya import AlarabiyaSpider
from newsbot.sites.cnn_arabic import CnnArabicSpider
from newsbot.sites.euronews_ar import EuronewsArSpider


def executable(path: Path) -> str:
    path.write_text("#!/bin/sh\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return str(path)


# -- finding Chromium ------------------------------------------------------------------------------


def test_the_configured_path_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = executable(tmp_path / "my-chromium")
    monkeypatch.setenv("NEWSBOT_CHROMIUM_PATH", "/nonexistent")
    assert find_chromium(mine) == mine


def test_the_environment_variable_then_path_then_usr_bin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from_env = executable(tmp_path / "env-chromium")
    (tmp_path / "bin").mkdir()
    on_path = executable(tmp_path / "bin" / "chromium")
    fallback = executable(tmp_path / "usr-bin-chromium")
    monkeypatch.setattr(chromium, "FALLBACK", fallback)
    monkeypatch.setenv("NEWSBOT_CHROMIUM_PATH", from_env)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    assert find_chromium() == from_env
    monkeypatch.delenv("NEWSBOT_CHROMIUM_PATH")
    assert find_chromium() == on_path
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert find_chromium() == fallback


def test_no_browser_names_the_debian_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEWSBOT_CHROMIUM_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(chromium, "FALLBACK", str(tmp_path / "none"))
    with pytest.raises(BrowserNotFound, match=r"apt-get install -y chromium"):
        find_chromium()
    with pytest.raises(BrowserNotFound, match=r"NEWSBOT_CHROMIUM_PATH=/nope/chromium is not an executable"):
        find_chromium("/nope/chromium")


# -- which crawls and requests render ------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "plan", "expected"),
    [
        ("profile", RenderPlan.everything(), True),
        ("profile", None, False),
        ("off", RenderPlan.everything(), False),
        ("all", None, True),
        ("", RenderPlan.listings(), True),
    ],
)
def test_render_modes(mode: str, plan: RenderPlan | None, expected: bool) -> None:
    assert renders(Settings({"NEWSBOT_RENDER": mode}), plan) is expected


def test_an_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="NEWSBOT_RENDER"):
        renders(Settings({"NEWSBOT_RENDER": "sometimes"}), None)


def test_only_html_pages_are_rendered() -> None:
    with pytest.raises(ValueError, match="only HTML pages"):
        RenderPlan(kinds=frozenset({"feed"}))
    plan = RenderPlan.everything()
    kinds = ("article", "section", "listing", "feed", "sitemap", "robots")
    assert [plan.renders(kind) for kind in kinds] == [True, True, True, False, False, False]
    assert plan.renders("article", switch=False) is False


# -- a crawl's settings ----------------------------------------------------------------------------


def project_crawler(spider: type[Spider], **overrides: str) -> Crawler:
    """A crawler as ``scrapy crawl`` makes it: project settings, ``-s`` overrides, then the spider's
    ``update_settings`` (run by ``Crawler()``); nothing started."""
    settings = Settings()
    settings.setmodule("newsbot.settings", priority="project")
    for name, value in overrides.items():
        settings.set(name, value, priority="cmdline")
    return Crawler(spider, settings)


def test_a_site_without_a_plan_keeps_the_http_handler_and_middlewares() -> None:
    crawler = project_crawler(EuronewsArSpider)
    settings = crawler.settings
    assert settings.get("NEWSBOT_DOWNLOAD_HANDLER").endswith("HTTP11DownloadHandler")
    assert MIDDLEWARE not in settings.getdict("DOWNLOADER_MIDDLEWARES")
    assert not settings.get("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert settings.get("TWISTED_REACTOR") == "twisted.internet.asyncioreactor.AsyncioSelectorReactor"


def test_a_rendering_site_gets_playwright_under_the_mirror_handler() -> None:
    crawler = project_crawler(AlarabiyaSpider, NEWSBOT_CHROMIUM_PATH=find_or_skip())
    settings = crawler.settings
    assert settings.get("NEWSBOT_DOWNLOAD_HANDLER") == PLAYWRIGHT_HANDLER
    assert settings.getdict("DOWNLOAD_HANDLERS")["https"].endswith("MirrorDownloadHandler")
    middlewares = settings.getdict("DOWNLOADER_MIDDLEWARES")
    # Added to the project's middlewares, not in their place.
    assert (
        MIDDLEWARE in middlewares
        and "newsbot.downloadermiddlewares.retry.BackoffRetryMiddleware" in middlewares
    )
    launch = settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")
    assert launch["executable_path"] == find_or_skip() and set(FLAGS) <= set(launch["args"])
    assert "playwright.async_api.Error" in settings.getlist("RETRY_EXCEPTIONS")


def test_render_off_on_the_command_line_keeps_a_rendering_site_on_http() -> None:
    crawler = project_crawler(AlarabiyaSpider, NEWSBOT_RENDER="off")
    assert crawler.settings.get("NEWSBOT_DOWNLOAD_HANDLER").endswith("HTTP11DownloadHandler")


def find_or_skip() -> str:
    try:
        return find_chromium()
    except BrowserNotFound as exc:
        pytest.skip(str(exc))


# -- the middleware ----------------------------------------------------------------------------------


def middleware(spider: type, pages_per_context: int = 100) -> RenderMiddleware:
    crawler = project_crawler(spider, NEWSBOT_RENDER_PAGES_PER_CONTEXT=str(pages_per_context))
    crawler.spider = spider()
    crawler.stats = MemoryStatsCollector(crawler)
    return RenderMiddleware.from_crawler(crawler)


def test_requests_are_marked_by_the_site_plan() -> None:
    render = middleware(CnnArabicSpider)
    front = Request("https://arabic.cnn.com/middle-east", meta={"newsbot_kind": "section"})
    article = Request("https://arabic.cnn.com/world/article/2026/12/02/x", meta={"newsbot_kind": "article"})
    feed = Request("https://arabic.cnn.com/api/v1/rss/rss.xml", meta={"newsbot_kind": "feed"})
    forced = Request(article.url, meta={"newsbot_kind": "article", "newsbot_render": True})
    for request in (front, article, feed, forced):
        render.process_request(request)
    assert front.meta["playwright"] is True and forced.meta["playwright"] is True
    assert "playwright" not in article.meta and "playwright" not in feed.meta
    methods = front.meta["playwright_page_methods"]
    assert len(methods) == 1 and methods[0].args[0] == CnnArabicSpider.profile.render.actions_for("section")  # type: ignore[union-attr]
    assert front.meta["playwright_page_goto_kwargs"] == {"wait_until": "load"}
    assert render.stats.get_value("newsbot/render/requests") == 2


def test_contexts_are_replaced_every_n_pages() -> None:
    render = middleware(AlarabiyaSpider, pages_per_context=2)
    requests = [Request(f"https://www.alarabiya.net/{i}", meta={"newsbot_kind": "article"}) for i in range(5)]
    for request in requests:
        render.process_request(request)
    assert [r.meta["playwright_context"] for r in requests] == [
        "newsbot-0", "newsbot-0", "newsbot-1", "newsbot-1", "newsbot-2",
    ]  # fmt: skip


def test_render_off_leaves_the_middleware_out() -> None:
    from scrapy.exceptions import NotConfigured

    crawler = project_crawler(AlarabiyaSpider, NEWSBOT_RENDER="off")
    with pytest.raises(NotConfigured):
        RenderMiddleware.from_crawler(crawler)
