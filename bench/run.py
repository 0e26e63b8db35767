"""``make bench``: every benchmark in turn, each in its own process; results in ``bench/results.md``.

    python bench/run.py [--only text,extract,generic,crawl,floor,dedupe,render,scale] [--quick] [--budget 600]

Each benchmark prints a Markdown section (``bench_text.py`` a plain table); this script shows the
output as it comes, then writes the machine, a summary of the headline numbers, every section and
the wall times to ``bench/results.md`` (``bench/out/results-quick.md`` with ``--quick``, a small smoke run
whose numbers mean nothing). The whole run aims at ``--budget`` seconds on 2 cores: bench_crawl is
told what is left, and shrinks its memory crawl (20k → 10k articles) or its repetitions to fit.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import benchlib

RESULTS = benchlib.BENCH / "results.md"
#: What bench_dedupe needs after bench_crawl, measured on the 2-core machine, with some margin.
DEDUPE_RESERVE = 50.0
#: What bench_floor needs (about 7 s), with some margin.
FLOOR_RESERVE = 15.0
#: What bench_render needs (500 rendered pages), measured on the loaded 2-core machine, with some margin.
RENDER_RESERVE = 200.0
#: bench_crawl's first newsbot crawl of the 5,000-article site: bench_dedupe's incremental run 1.
FIRST_RUN = str(benchlib.OUT / "crawl" / "throughput-newsbot-0")
#: Kept free at the end for make, start-up and the unexpected.
MARGIN = 25.0


@dataclass
class Bench:
    name: str
    script: str
    arguments: list[str]
    quick: list[str]
    fenced: bool = False


BENCHES = [
    Bench("text", "bench_text.py", [], ["--megabytes", "1", "--dates", "10000"], fenced=True),
    Bench("extract", "bench_extract.py", [], ["--articles", "100", "--repeat", "1"]),
    Bench("generic", "bench_generic.py", [], ["--repeat", "1"]),
    Bench(
        "crawl",
        "bench_crawl.py",
        [],
        ["--articles", "300", "--memory-articles", "600", "--repeat", "1"],
    ),
    # After crawl: it reads the bare spider's CPU per page from crawl.json.
    Bench("floor", "bench_floor.py", [], ["--articles", "100", "--repeat", "1"]),
    Bench(
        "dedupe",
        "bench_dedupe.py",
        ["--first-run", FIRST_RUN, "--startup-repeat", "2"],
        [
            "--docs",
            "200",
            "--signatures",
            "5000",
            "--articles",
            "300",
            "--repeat",
            "1",
            "--first-run",
            FIRST_RUN,
        ],
    ),
    Bench("render", "bench_render.py", [], ["--pages", "40"]),
    Bench(
        "scale",
        "bench_scale.py",
        [],
        ["--articles", "300", "--workers", "1,2", "--rows", "200"],
    ),
]


def code_state() -> str:
    """The commit measured, and whether files outside bench/ differed from it (others may be editing
    the same working tree while the benchmarks run)."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=benchlib.REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        status = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=benchlib.REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return "unknown (no git)"
    changed = sorted(
        line[3:]
        for line in status.splitlines()
        if not line[3:].startswith("bench/") and line[3:] != "Makefile"
    )
    return head + (f" + uncommitted changes to {', '.join(changed)}" if changed else " (clean)")


def run(bench: Bench, extra: list[str]) -> tuple[int, str, float]:
    """Run one benchmark script, echoing its output; (exit code, output, seconds)."""
    command = [sys.executable, str(benchlib.BENCH / bench.script), *extra]
    print(f"\n$ {' '.join(Path(c).name if c == sys.executable else c for c in command)}", flush=True)
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=benchlib.REPO, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    lines = []
    for line in process.stdout:
        print(line, end="", flush=True)
        lines.append(line)
    code = process.wait()
    return code, "".join(lines), time.perf_counter() - started


def load(name: str) -> dict[str, Any]:
    path = benchlib.OUT / f"{name}.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    return data


def summary(done: set[str]) -> list[list[str]]:
    """The headline numbers, from the JSON files the benchmarks left in bench/out/."""
    rows: list[list[str]] = []
    extract = load("extract") if "extract" in done else {}
    if extract:
        nb, tf = extract["newsbot"], extract["trafilatura"]
        rows.append(
            [
                "extraction ms/article, generated RT pages (newsbot / trafilatura)",
                f"{nb['ms_per_article']:.2f} / {tf['ms_per_article']:.2f} "
                f"(speed-up {extract['speedup']:.2f}×)",
                "≥ 5× faster",
                "met" if extract["speedup"] >= 5 and nb["f1_mean"] > tf["f1_mean"] else "MISSED",
            ]
        )
        rows.append(
            [
                "body word-F1 mean / min (newsbot; trafilatura)",
                f"{nb['f1_mean']:.4f} / {nb['f1_min']:.4f}; {tf['f1_mean']:.4f} / {tf['f1_min']:.4f}",
                "newsbot more accurate",
                "met" if nb["f1_mean"] > tf["f1_mean"] else "MISSED",
            ]
        )
    if extract and (independent := extract.get("independent")):
        for set_name, entry in independent.items():
            nb, tf = entry["newsbot"], entry["trafilatura"]
            rows.append(
                [
                    f"extraction, {set_name}, {entry['pages']} pages: ms/page; body F1 "
                    "(newsbot / trafilatura)",
                    f"{nb['ms_per_page']:.2f} / {tf['ms_per_page']:.2f} (speed-up {entry['speedup']:.2f}×); "
                    f"F1 {nb['f1_mean']:.4f} / {tf['f1_mean']:.4f}",
                    "≥ 5× faster, more accurate",
                    "met" if entry["speedup"] >= 5 and nb["f1_mean"] > tf["f1_mean"] else "MISSED",
                ]
            )
    if "generic" in done and (generic := load("generic")):
        for set_name, results in generic.items():
            nb, tf = results["newsbot"], results["trafilatura"]
            rows.append(
                [
                    f"generic body F1 mean / min, {set_name} (newsbot; trafilatura)",
                    f"{nb['f1_mean']:.4f} / {nb['f1_min']:.4f}; {tf['f1_mean']:.4f} / {tf['f1_min']:.4f}"
                    f" ({nb['ms_per_page']:.1f} vs {tf['ms_per_page']:.1f} ms/page)",
                    "≥ 0.94 and above trafilatura, faster",
                    "met"
                    if nb["f1_mean"] >= 0.94
                    and nb["f1_mean"] > tf["f1_mean"]
                    and nb["ms_per_page"] < tf["ms_per_page"]
                    else "MISSED",
                ]
            )
    crawl = load("crawl") if "crawl" in done else {}
    if throughput := crawl.get("throughput"):
        pps = throughput["pages_per_second"]
        rows.append(
            [
                f"crawl pages/s (newsbot / bare), {throughput.get('server_kind', 'server')}-served",
                f"{pps['newsbot']:.1f} / {pps['bare']:.1f} (ratio {throughput['ratio']:.2f})",
                "ratio ≥ 0.75",
                "met" if throughput["ratio"] >= 0.75 else "MISSED",
            ]
        )
        if cpu := throughput.get("cpu_ms_per_page"):
            rows.append(
                [
                    "crawl CPU ms per page, every process (newsbot / bare)",
                    f"{cpu['newsbot']:.2f} / {cpu['bare']:.2f} ({throughput['cpu_ratio']:.2f}× bare)",
                    "≤ 1.5× bare",
                    "met" if throughput["cpu_ratio"] <= 1.5 else "MISSED",
                ]
            )
    floor = load("floor") if "floor" in done else {}
    if "budget_ms" in floor:
        rows.append(
            [
                "required steps done by the libraries alone (parse, loader, signature, indexes, JSONL, "
                "hand-over): ms per page, of what ≤ 1.5× bare leaves beside Scrapy",
                f"{floor['floor_ms']:.2f} of {floor['budget_ms']:.2f}; {floor['left_ms']:.2f} ms left for "
                "extraction",
                "",
                "",
            ]
        )
    if memory := crawl.get("memory"):
        rows.append(
            [
                f"peak RSS, {memory['articles']:,}-article crawl",
                f"{memory['peak_rss'] / 2**20:.0f} MB; slope {memory['slope_mb_per_1000_pages']:.2f} "
                "MB / 1,000 pages (least squares, 25 %→100 % of the pages)",
                "flat",
                "flat" if memory["slope_mb_per_1000_pages"] <= 1.0 else "grows",
            ]
        )
    dedupe = load("dedupe") if "dedupe" in done else {}
    if dedupe:
        speed, start, incr = dedupe["throughput"], dedupe["startup"], dedupe["incremental"]
        size = incr["state_size"]
        rows += [
            [
                "near-dup dedupe throughput (SQLite store; memory only)",
                f"{speed['docs_per_second']:,.0f} docs/s; {speed['memory']['docs_per_second']:,.0f} docs/s",
                "",
                "",
            ],
            [
                "state size per 1,000 articles",
                benchlib.human_bytes(size["file_bytes"] / (size["articles"] / 1000)),
                "",
                "",
            ],
            [
                f"near-dup start-up with {start['signatures']:,} signatures; one find",
                f"{min(start['load_seconds']) * 1000:.1f} ms; {min(start['find_seconds']) * 1e6:.0f} µs",
                "",
                "",
            ],
            [
                "incremental run 2: article / discovery requests",
                f"{incr['article_requests']} / {incr['discovery_requests']}",
                "≤ 20 article requests",
                "met" if incr["article_requests"] <= 20 else "MISSED",
            ],
        ]
    render = load("render") if "render" in done else {}
    if render:
        mb = 2**20
        rows.append(
            [
                f"rendered crawl ({render['pages']} pages in Chromium): pages/s; peak RSS crawl / browser; "
                "peak PSS; PSS slope",
                f"{render['pages_per_second']:.2f}; {render['peak_crawl_rss'] / mb:.0f} / "
                f"{render['peak_browser_rss'] / mb:.0f} MB; {render['peak_total_pss'] / mb:.0f} MB; "
                f"{render['pss_slope_mb_per_100_pages']:+.1f} MB / 100 pages",
                "memory flat (≤ 10 MB / 100 pages)",
                "flat" if render["pss_slope_mb_per_100_pages"] <= 10 else "grows",
            ]
        )
    scale = load("scale") if "scale" in done else {}
    if scale:
        crawls = scale["crawl"]
        rates = " / ".join(f"{run['pages_per_second']:.1f}" for run in crawls)
        counts = "/".join(str(run["workers"]) for run in crawls)
        store = scale["store_rows_per_second"]
        rows += [
            [f"distributed crawl pages/s with {counts} workers", rates, "", ""],
            [
                "PostgreSQL store rows/s (save; with signature; discoveries)",
                "; ".join(
                    f"{store[key]:,.0f}" for key in ("save", "save_with_signature", "record_discovered")
                ),
                "",
                "",
            ],
        ]
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", help="comma-separated subset of: " + ", ".join(b.name for b in BENCHES))
    parser.add_argument("--quick", action="store_true", help="tiny sizes, to check that everything runs")
    parser.add_argument("--budget", type=float, default=600.0, help="seconds for the whole run")
    args = parser.parse_args(argv)
    chosen = set(args.only.split(",")) if args.only else {b.name for b in BENCHES}
    unknown = chosen - {b.name for b in BENCHES}
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(sorted(unknown))}")

    started = time.perf_counter()
    info = benchlib.machine()
    info["newsbot code at start"] = code_state()
    print("newsbot benchmarks: " + ", ".join(f"{k} {v}" for k, v in info.items()), flush=True)
    sections: list[str] = []
    timings: list[tuple[str, float, int]] = []
    done: set[str] = set()
    for bench in BENCHES:
        if bench.name not in chosen:
            continue
        extra = list(bench.quick if args.quick else bench.arguments)
        if bench.name == "crawl" and not args.quick:
            left = args.budget - MARGIN - (time.perf_counter() - started)
            if "floor" in chosen:
                left -= FLOOR_RESERVE
            if "dedupe" in chosen:
                left -= DEDUPE_RESERVE
            if "render" in chosen:
                left -= RENDER_RESERVE
            extra += ["--budget", f"{left:.0f}"]
        code, output, seconds = run(bench, extra)
        timings.append((bench.name, seconds, code))
        if code == 0:
            done.add(bench.name)
        body = output.strip()
        if bench.fenced:
            body = f"## Text processing (`bench/{bench.script}`)\n\n```\n{body}\n```"
        if code != 0:
            body += f"\n\n**`{bench.script}` exited with {code}.**"
        sections.append(body)
    total = time.perf_counter() - started
    info["load average (1/5/15 min) at end"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    info["newsbot code at end"] = code_state()

    machine_rows = [[key, value] for key, value in info.items()]
    lines = [
        "# newsbot benchmarks",
        "",
        "Written by `make bench` (`bench/run.py`); every number below comes from that run"
        + (" (**--quick smoke run: sizes too small to mean anything**)" if args.quick else "")
        + ". Each benchmark also runs alone: `python bench/bench_<name>.py --help`.",
        "",
        benchlib.table(["machine", ""], machine_rows),
        "",
        "## Summary",
        "",
        benchlib.table(["measure", "result", "goal", "verdict"], summary(done) or [["(none)", "", "", ""]]),
        "",
        benchlib.table(
            ["benchmark", "wall time", "exit"],
            [[name, f"{seconds:.0f} s", code] for name, seconds, code in timings]
            + [["**total**", f"**{total:.0f} s**", ""]],
        ),
        "",
        *(section + "\n" for section in sections),
    ]
    target = benchlib.OUT / "results-quick.md" if args.quick else RESULTS
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    print(f"\nbench/run.py: {total:.0f} s in all; results in {target.relative_to(benchlib.REPO)}", flush=True)
    return 0 if all(code == 0 for _, _, code in timings) else 1


if __name__ == "__main__":
    sys.exit(main())
