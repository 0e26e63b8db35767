"""The extraction worker processes, driven by the event loop: answers, errors, large messages,
a worker that dies and shutdown."""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsbot.extensions.processpool import ProcessPool, WorkerDied

REPO = Path(__file__).parents[2]


def echo_after(value: object, seconds: float) -> object:
    time.sleep(seconds)
    return value


def fail(message: str) -> None:
    raise ValueError(message)


def unpicklable() -> object:
    return lambda: None


def size_of(data: bytes) -> tuple[int, bytes]:
    return len(data), data[-10:]


@pytest.fixture
def pool() -> Iterator[ProcessPool]:
    processes = ProcessPool(2)
    yield processes
    processes.shutdown()


def test_every_call_gets_its_own_answer_whatever_order_they_finish_in(pool: ProcessPool) -> None:
    async def main() -> list[object]:
        calls = [pool.submit(echo_after, n, 0.02 * (n % 3)) for n in range(40)]
        return list(await asyncio.gather(*calls))

    assert asyncio.run(main()) == list(range(40))


def test_an_error_in_the_worker_is_raised_to_the_caller_and_the_pool_goes_on(pool: ProcessPool) -> None:
    async def main() -> object:
        with pytest.raises(ValueError, match="bad page"):
            await pool.submit(fail, "bad page")
        with pytest.raises(RuntimeError, match="could not be pickled"):
            await pool.submit(unpicklable)
        return await pool.submit(echo_after, "still here", 0)

    assert asyncio.run(main()) == "still here"
    assert not pool.broken


def test_arguments_that_cannot_be_pickled_fail_the_call_and_leave_nothing_waiting(pool: ProcessPool) -> None:
    async def main() -> object:
        with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
            pool.submit(echo_after, lambda: None, 0)
        return await pool.submit(echo_after, "next", 0)

    assert asyncio.run(main()) == "next"
    assert all(not worker.calls for worker in pool._workers)


def test_messages_larger_than_the_socket_buffers_cross_both_ways(pool: ProcessPool) -> None:
    # Several megabytes each way, many at once: writes wait for the socket, reads come in pieces.
    bodies = [bytes([n]) * (3_000_000 + n) for n in range(6)]

    async def main() -> list[object]:
        return list(await asyncio.gather(*(pool.submit(size_of, body) for body in bodies)))

    assert asyncio.run(main()) == [(len(body), body[-10:]) for body in bodies]


def test_a_killed_worker_fails_its_calls_with_worker_died() -> None:
    processes = ProcessPool(1)
    try:

        async def main() -> None:
            waiting = processes.submit(echo_after, "never", 30)
            await asyncio.sleep(0.5)
            os.kill(processes.pids[0], signal.SIGKILL)
            with pytest.raises(WorkerDied):
                await asyncio.wait_for(waiting, 10)
            with pytest.raises(WorkerDied):
                processes.submit(echo_after, "no more", 0)

        asyncio.run(main())
        assert processes.broken
    finally:
        processes.shutdown()


def test_shutdown_stops_the_workers_and_refuses_new_calls() -> None:
    processes = ProcessPool(2)

    async def main() -> object:
        return await processes.submit(echo_after, 1, 0)

    assert asyncio.run(main()) == 1
    pids = processes.pids
    processes.shutdown()
    for pid in pids:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    with pytest.raises(RuntimeError, match="shutdown"):
        processes.submit(echo_after, 1, 0)


def test_a_script_without_a_main_guard_can_use_the_pool(tmp_path: Path) -> None:
    # A spawned multiprocessing child would run this script again, and fail, before any call.
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import asyncio, operator\n"
        "from newsbot.extensions.processpool import ProcessPool\n"
        "pool = ProcessPool(1)\n"
        "async def main():\n"
        "    return await asyncio.wait_for(pool.submit(operator.add, 40, 2), 60)\n"
        "print(asyncio.run(main()))\n"
        "pool.shutdown()\n",
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)],
        capture_output=True,
        text=True,
        timeout=120,
        env=dict(os.environ, PYTHONPATH=str(REPO)),
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "42"
