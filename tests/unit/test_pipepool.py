"""PipePool: jobs run in worker processes through loop-driven pipes; answers, errors, big frames, and a
worker that dies with jobs in hand."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from newsbot.extensions.pipepool import PipePool, WorkerDied


def echo(value: object) -> object:
    if value == "raise":
        raise ValueError("asked to")
    if value == "die":
        os._exit(3)
    return value


def test_answers_come_back_to_their_callers_in_any_order_and_errors_are_raised_there() -> None:
    pool = PipePool(2, echo)
    try:

        async def main() -> list[object]:
            big = b"\xd8\xa7" * 3_000_000  # several socket buffers: written as the pipe drains
            jobs = [pool.run(i) for i in range(50)] + [pool.run(big)]
            answers = await asyncio.gather(*jobs)
            with pytest.raises(ValueError, match="asked to"):
                await pool.run("raise")
            assert answers[-1] == big
            return answers[:-1]

        assert asyncio.run(main()) == list(range(50))
        assert len(pool.processes()) == 2
    finally:
        pool.shutdown()
    assert not pool.alive


def test_a_worker_that_dies_fails_its_jobs_and_the_others_go_on() -> None:
    pool = PipePool(2, echo)
    try:

        async def main() -> None:
            with pytest.raises(WorkerDied):
                await pool.run("die")
            assert pool.alive and len(pool.processes()) == 1
            assert await pool.run("still here") == "still here"
            os.kill(pool.processes()[0], signal.SIGKILL)
            with pytest.raises(WorkerDied):
                await pool.run("x")
            assert not pool.alive
            with pytest.raises(WorkerDied, match="no extraction worker"):
                await pool.run("y")

        asyncio.run(main())
    finally:
        pool.shutdown()
