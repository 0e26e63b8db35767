"""Shared helpers of the bench scripts: the machine, cached generated mirrors, crawl subprocesses.

Not a benchmark itself; every ``bench_*.py`` imports it (they run with ``bench/`` on ``sys.path``).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
OUT = BENCH / "out"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")

#: Versions reported with every result.
PACKAGES = ("scrapy", "lxml", "datasketch", "trafilatura", "numpy", "twisted")


# -- the machine --------------------------------------------------------------------------------


def cpu_model() -> str:
    """The model name, with family/model/stepping when the name alone is vague (as under KVM)."""
    fields: dict[str, str] = {}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            fields.setdefault(key.strip(), value.strip())
    except OSError:
        pass
    name = fields.get("model name") or platform.processor() or platform.machine()
    if "cpu family" in fields:
        family, model, stepping = fields["cpu family"], fields.get("model"), fields.get("stepping")
        name += f" (family {family}, model {model}, stepping {stepping})"
    return name


def ram_gb() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    return 0.0


def version(package: str) -> str:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, str]:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    info = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu_model(),
        "cores": str(cores),
        "ram": f"{ram_gb():.1f} GB",
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "load average (1/5/15 min) at start": " / ".join(f"{x:.2f}" for x in os.getloadavg()),
    }
    for package in PACKAGES:
        info[package] = version(package)
    return info


# -- measuring ----------------------------------------------------------------------------------


@dataclass
class Timing:
    """Repeated wall-clock measurements of one thing, in seconds."""

    runs: list[float] = field(default_factory=list)

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def spread(self) -> float:
        """(worst - best) / best, as a fraction."""
        return (max(self.runs) - self.best) / self.best if self.best else 0.0

    @property
    def median(self) -> float:
        return statistics.median(self.runs)


def timed(run: Callable[[], object], repeat: int) -> Timing:
    timing = Timing()
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timing.runs.append(time.perf_counter() - started)
    return timing


def human_bytes(value: float) -> str:
    """
    >>> human_bytes(2048), human_bytes(50 * 1024 * 1024)
    ('2.0 KB', '50.0 MB')
    """
    if abs(value) >= 1024 * 1024:
        return f"{value / 1024 / 1024:.1f} MB"
    return f"{value / 1024:.1f} KB"


def emit(markdown: str, json_path: Path | None = None, data: dict[str, Any] | None = None) -> None:
    """Print a benchmark's Markdown section; ``run.py`` captures stdout into results.md."""
    print(markdown.rstrip() + "\n", flush=True)
    if json_path is not None and data is not None:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        json_path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


# -- generated sites ----------------------------------------------------------------------------


def mirror_dir(articles: int, seed: int) -> Path:
    return OUT / f"site-{articles}-seed{seed}"


def cached_site(articles: int, seed: int) -> tuple[Any, float, bool]:
    """(MirrorSite, seconds, reused) for ``make_articles(articles, seed)``: saved once under
    ``bench/out/``, loaded from there on later runs."""
    from newsbot.demo import build_site, default_now, make_articles
    from newsbot.mirror.site import ROUTES_FILE, MirrorSite

    directory = mirror_dir(articles, seed)
    started = time.perf_counter()
    if (directory / ROUTES_FILE).exists():
        return MirrorSite.load(directory), time.perf_counter() - started, True
    specs = make_articles(articles, seed=seed)
    site = build_site(specs, now=default_now(specs))
    partial = directory.with_name(directory.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    site.save(partial)
    shutil.rmtree(directory, ignore_errors=True)
    partial.rename(directory)
    return site, time.perf_counter() - started, False


def fresh_dir(path: Path) -> Path:
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


# -- crawls -------------------------------------------------------------------------------------


def crawl_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in PROXY_VARIABLES}
    env["NO_PROXY"] = "127.0.0.1,localhost"
    env.setdefault("SCRAPY_SETTINGS_MODULE", "newsbot.settings")
    return env


def speed_settings(concurrency: int) -> list[str]:
    """The settings both sides of a throughput comparison get: no politeness delays on our own
    local server, the same concurrency, robots.txt obeyed as in production."""
    pairs = {
        "AUTOTHROTTLE_ENABLED": "False",
        "DOWNLOAD_DELAY": "0",
        "CONCURRENT_REQUESTS": str(concurrency),
        "CONCURRENT_REQUESTS_PER_DOMAIN": str(concurrency),
        "ROBOTSTXT_OBEY": "True",
        "LOG_LEVEL": "INFO",
    }
    out: list[str] = []
    for name, value in pairs.items():
        out += ["-s", f"{name}={value}"]
    return out


def newsbot_command(mirror: str, workdir: Path, concurrency: int) -> list[str]:
    """``scrapy crawl rt_arabic``, the whole pipeline, outputs in ``workdir``."""
    return [
        sys.executable, "-m", "scrapy", "crawl", "rt_arabic",
        "-s", f"NEWSBOT_MIRROR={mirror}",
        "-s", f"NEWSBOT_SQLITE_PATH={workdir / 'newsbot.db'}",
        "-s", f"NEWSBOT_JSONL_PATH={workdir / 'rt_arabic.jsonl'}",
        "-s", f"NEWSBOT_STATS_PATH={workdir / 'stats.json'}",
        "-s", f"LOG_FILE={workdir / 'crawl.log'}",
        *speed_settings(concurrency),
    ]  # fmt: skip


def bare_command(mirror: str, workdir: Path, concurrency: int) -> list[str]:
    """``scrapy runspider bench/bare_spider.py``: same discovery, same handler, no pipelines."""
    return [
        sys.executable, "-m", "scrapy", "runspider", str(BENCH / "bare_spider.py"),
        "-s", f"NEWSBOT_MIRROR={mirror}",
        "-s", f"NEWSBOT_STATS_PATH={workdir / 'stats.json'}",
        "-s", f"LOG_FILE={workdir / 'crawl.log'}",
        *speed_settings(concurrency),
    ]  # fmt: skip


@dataclass
class Crawl:
    returncode: int
    wall: float
    stats: dict[str, Any]
    #: (seconds since start, RSS bytes, pages the server had answered) every sampling interval.
    rss_samples: list[tuple[float, int, int]] = field(default_factory=list)
    #: CPU seconds (user + system) of the crawl process with its children, and of the server.
    crawler_cpu: float = 0.0
    server_cpu: float = 0.0
    #: CPU of the crawl's child processes (extraction workers), last sampled while they ran; part of
    #: ``crawler_cpu``, shown apart.
    children_cpu: float = 0.0
    #: Largest RSS of the crawl process plus its children (extraction workers) seen while sampling.
    peak_tree_rss: int = 0

    def stat(self, key: str) -> int:
        value = self.stats.get(key, 0)
        return int(value) if isinstance(value, int | float) else 0

    @property
    def elapsed(self) -> float:
        """Scrapy's own start-to-finish time (engine start to spider close)."""
        value = self.stats.get("elapsed_time_seconds")
        if isinstance(value, int | float) and value > 0:
            return float(value)
        start = datetime.fromisoformat(self.stats["start_time"])
        finish = datetime.fromisoformat(self.stats["finish_time"])
        return (finish - start).total_seconds()

    @property
    def responses(self) -> int:
        return self.stat("response_received_count")

    @property
    def pages_per_second(self) -> float:
        return self.responses / self.elapsed if self.elapsed else 0.0

    @property
    def peak_rss(self) -> int:
        return max((rss for _, rss, _ in self.rss_samples), default=0)


def check_crawl(crawl: Crawl, workdir: Path, name: str, articles: int) -> None:
    """Stop the benchmark when a crawl did not do the work it is timed for: a crawl that fails
    every item is fast, and its pages/s would mean nothing."""
    problems = []
    if crawl.returncode != 0 or not crawl.stats:
        problems.append(f"exit {crawl.returncode}")
    elif crawl.stat("item_scraped_count") < articles * 0.99:
        problems.append(f"{crawl.stat('item_scraped_count')} items of {articles:,} articles")
    if crawl.stat("log_count/ERROR"):
        problems.append(f"{crawl.stat('log_count/ERROR')} errors logged")
    if problems:
        raise SystemExit(f"{name} crawl: {'; '.join(problems)}; see {workdir / 'crawl.log'}")


def run_crawl(
    command: list[str],
    workdir: Path,
    *,
    sample_rss: float = 0.0,
    responses: Callable[[], int] | None = None,
    server_cpu: Callable[[], float] = time.process_time,
    timeout: float = 1800,
) -> Crawl:
    """Run a crawl to its end; optionally sample its RSS every ``sample_rss`` seconds together with
    ``responses()`` (how many pages the server has answered so far). ``server_cpu()`` is the serving
    side's CPU seconds so far (this process's by default, for the in-process mirror server).

    ``crawler_cpu`` is the CPU of the crawl process and every process it started and waited for (its
    extraction workers): the ``rusage`` ``wait4`` returns for the crawl process includes its reaped
    children. A worker still running when the crawl exits would be missed, so the CPU of the crawl's
    live children is also sampled, and the larger of the two counts.
    """
    import psutil

    stats_path = workdir / "stats.json"
    stats_path.unlink(missing_ok=True)
    stderr_path = workdir / "stderr.log"
    samples: list[tuple[float, int, int]] = []
    children_cpu: dict[int, float] = {}
    self_cpu = 0.0
    peak_tree = 0
    server_before = server_cpu()
    started = time.perf_counter()
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            command, cwd=REPO, env=crawl_env(), stdout=subprocess.DEVNULL, stderr=stderr
        )
    timer = threading.Timer(timeout, process.kill)
    timer.start()
    watched = psutil.Process(process.pid)
    interval = sample_rss if sample_rss > 0 else 0.2
    try:
        while True:
            finished, status, usage = os.wait4(process.pid, os.WNOHANG)
            if finished:
                break
            try:
                times = watched.cpu_times()
                self_cpu = times.user + times.system
                tree_rss = rss = watched.memory_info().rss
                for child in watched.children(recursive=True):
                    times = child.cpu_times()
                    children_cpu[child.pid] = times.user + times.system
                    tree_rss += child.memory_info().rss
                peak_tree = max(peak_tree, tree_rss)
                samples.append((time.perf_counter() - started, rss, responses() if responses else 0))
            except psutil.Error:
                pass
            time.sleep(interval)
    finally:
        timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - started
    if process.returncode != 0:
        sys.stderr.write(stderr_path.read_text(encoding="utf-8", errors="replace")[-3000:])
    stats = json.loads(stats_path.read_text(encoding="utf-8")) if stats_path.exists() else {}
    own = usage.ru_utime + usage.ru_stime
    sampled = sum(children_cpu.values())
    return Crawl(
        process.returncode,
        wall,
        stats,
        samples,
        crawler_cpu=max(own, self_cpu + sampled),
        server_cpu=server_cpu() - server_before,
        children_cpu=sampled,
        peak_tree_rss=peak_tree,
    )
