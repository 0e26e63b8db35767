"""Scrapy settings for newsbot crawls; every NEWSBOT_* setting is documented in docs/settings.md."""

from __future__ import annotations

BOT_NAME = "newsbot"
# Site spiders live in their site modules; newsbot.spiders holds the generic ones.
SPIDER_MODULES = ["newsbot.spiders", "newsbot.sites"]
NEWSPIDER_MODULE = "newsbot.spiders"

# Polite defaults for live news sites.
USER_AGENT = "newsbot/0.1 (Arabic news research crawler; +https://github.com/newsbot/newsbot)"
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# An article page yields one item and a few links, and the pipelines are synchronous: Scrapy's
# default of 100 concurrent output handlers per response only adds task set-up (about 1.5 ms of
# CPU per page, measured in bench/results.md).
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# newsbot.extensions.failures logs every lost page once, with its stat name (docs/faults.md).
RETRY_GIVE_UP_LOG_LEVEL = "DEBUG"
REDIRECT_MAX_TIMES = 5
COOKIES_ENABLED = False

# Nothing listens on a port unless asked for (docs/operations.md says how to turn them on).
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

DOWNLOAD_HANDLERS = {
    "http": "newsbot.downloadhandlers.mirror.MirrorDownloadHandler",
    "https": "newsbot.downloadhandlers.mirror.MirrorDownloadHandler",
}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newsbot.downloadermiddlewares.offsite.StrictOffsiteMiddleware": 50,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newsbot.downloadermiddlewares.retry.BackoffRetryMiddleware": 550,
    # Above the retry middleware, so it sees each failed attempt before it is retried.
    "newsbot.downloadermiddlewares.unreachable.UnreachableSite": 560,
}
ITEM_PIPELINES = {
    "newsbot.pipelines.validate.ValidatePipeline": 100,
    "newsbot.pipelines.store.StorePipeline": 300,
    "newsbot.pipelines.jsonl.JsonlPipeline": 400,
}

# Scrapy's MemoryStatsCollector without the cost of its attribute shim on private names.
STATS_CLASS = "newsbot.extensions.stats.StatsCollector"

EXTENSIONS = {
    "newsbot.extensions.preflight.OutputPreflight": 100,
    "newsbot.extensions.extraction.ExtractionPool": 200,
    "newsbot.extensions.failures.FailureAccounting": 480,
    "newsbot.extensions.statsfile.StatsFile": 500,
    "newsbot.extensions.runs.RunHistory": 510,
    "newsbot.extensions.storageguard.StorageGuard": 520,
}

NEWSBOT_MIRROR = ""
NEWSBOT_STATS_PATH = ""
NEWSBOT_SQLITE_PATH = "data/newsbot.db"
NEWSBOT_SQLITE_TIMEOUT = 10.0
NEWSBOT_JSONL_PATH = "data/{spider}.jsonl"
NEWSBOT_STATE_PATH = ""
NEWSBOT_POSTGRES_DSN = ""
NEWSBOT_REDIS_URL = ""
NEWSBOT_REDIS_PREFIX = "newsbot"
NEWSBOT_REDIS_WORKER_TTL = 10.0
NEWSBOT_STORE_BATCH = 200
NEWSBOT_DEDUPE_ENABLED = True
NEWSBOT_NEAR_DUPLICATES = "link"
NEWSBOT_NEAR_DUPLICATE_WINDOW_DAYS = 60
NEWSBOT_NEAR_DUPLICATE_THRESHOLD = 0.5
NEWSBOT_NEAR_DUPLICATE_CONFIRM = 0.7
NEWSBOT_REVISIT_HOURS = 0
NEWSBOT_FAILED_RETRY_HOURS = 1.0
NEWSBOT_FAILED_MAX_ATTEMPTS = 5
NEWSBOT_LOCK_DIR = "data/locks"
NEWSBOT_HEALTH_MIN_ARTICLES = 0
NEWSBOT_HEALTH_MAX_ERROR_RATE = 0.2
NEWSBOT_HEALTH_MIN_COVERAGE = {"headline": 0.98, "article_body": 0.95, "date_published": 0.9}
NEWSBOT_HEALTH_MAX_COVERAGE_DROP = 0.2
NEWSBOT_HEALTH_BAN_SHARE = 0.5
NEWSBOT_MIN_BODY_CHARS = 0
NEWSBOT_MAX_LISTING_PAGES = 100
NEWSBOT_ARTICLE_LINK_HOPS = 1
NEWSBOT_EXTRACT_WORKERS = "auto"
NEWSBOT_EXTRACT_WORKERS_FROM = 250
NEWSBOT_RETRY_BACKOFF_BASE = 1.0
NEWSBOT_RETRY_BACKOFF_MAX = 60.0
NEWSBOT_DOWNLOAD_HANDLER = "scrapy.core.downloader.handlers.http11.HTTP11DownloadHandler"
NEWSBOT_UNREACHABLE_AFTER = 4
# Rendering (docs/rendering.md): only crawls of sites with a render plan start a browser.
NEWSBOT_RENDER = "profile"
NEWSBOT_CHROMIUM_PATH = ""
NEWSBOT_CHROMIUM_ARGS: list[str] = []
NEWSBOT_RENDER_CONCURRENCY = 4
NEWSBOT_RENDER_TIMEOUT = 30.0
NEWSBOT_RENDER_DEADLINE = 0.0
NEWSBOT_RENDER_PAGES_PER_CONTEXT = 100
