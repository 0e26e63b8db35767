"""What handing a page to the extraction worker costs the crawl process: ProcessPoolExecutor vs PipePool.

Both run a trivial job (the length of a 40 KB page body) in one spawned worker, 16 jobs in flight on an
asyncio loop, as the crawl does; the measure is the calling process's CPU time (user + system) per
job, so the worker's own work is left out. Runs alternate; the best of ``--repeat`` is reported.

    python bench/bench_pool.py [--jobs 4000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from typing import Any

from newsbot.extensions.pipepool import PipePool

BODY = b"<p>\xd8\xa7</p>" * 4000
IN_FLIGHT = 16


def job_length(body: bytes) -> int:
    return len(body)


async def drive(run: Callable[[bytes], Awaitable[Any]], jobs: int) -> None:
    slots = asyncio.Semaphore(IN_FLIGHT)

    async def one() -> None:
        async with slots:
            await run(BODY)

    await asyncio.gather(*(one() for _ in range(jobs)))


def timed(run: Callable[[bytes], Awaitable[Any]], jobs: int) -> float:
    """Microseconds of this process's CPU per job."""

    async def main() -> float:
        await run(b"")  # the worker is up
        started = time.process_time()
        await drive(run, jobs)
        return (time.process_time() - started) / jobs * 1e6

    return asyncio.run(main())


def executor_cost(jobs: int) -> float:
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as executor:

        async def run(body: bytes) -> Any:
            return await asyncio.wrap_future(executor.submit(job_length, body))

        return timed(run, jobs)


def pipe_cost(jobs: int) -> float:
    pool = PipePool(1, job_length)
    try:
        return timed(pool.run, jobs)
    finally:
        pool.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    costs: dict[str, list[float]] = {"ProcessPoolExecutor": [], "PipePool": []}
    for _ in range(args.repeat):
        costs["ProcessPoolExecutor"].append(executor_cost(args.jobs))
        costs["PipePool"].append(pipe_cost(args.jobs))
    print("## Handing pages to the extraction worker (`bench/bench_pool.py`)\n")
    print(
        f"{args.jobs:,} jobs of a {len(BODY) // 1024} KB body, {IN_FLIGHT} in flight, one spawned worker;"
        f" CPU of the calling process per job, best of {args.repeat} alternating runs (each in brackets).\n"
    )
    print("| pool | µs of crawl-process CPU per page |\n|---|---|")
    for name, values in costs.items():
        runs = ", ".join(f"{value:.0f}" for value in values)
        print(f"| {name} | {min(values):.0f} ({runs}) |")


if __name__ == "__main__":
    main()
