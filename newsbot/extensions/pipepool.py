"""PipePool: worker processes that run one function, fed through pipes that the event loop reads and
writes itself.

``concurrent.futures.ProcessPoolExecutor`` hands every job through two threads of the calling process
(its queue feeder and its result manager), and each hand-over is a GIL switch on the crawl's own
core. Here the crawl thread writes the pickled job to a non-blocking socket and the loop wakes it
when the answer is readable; the calling process runs no thread for the pool. ``bench/bench_pool.py``
measures the difference in crawl-process CPU per page (about 220 µs against 50 µs on the 2-core
development machine).

Frames are a 4-byte big-endian length and a pickle, the framing of ``multiprocessing.Connection``,
so a worker reads and answers with plain ``recv_bytes``/``send_bytes``.
"""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import pickle
import socket
import struct
from collections import deque
from collections.abc import Callable
from multiprocessing import get_context
from multiprocessing.connection import Connection
from typing import Any

logger = logging.getLogger(__name__)

HEADER = struct.Struct("!i")


class WorkerDied(Exception):
    """A worker process ended with jobs in hand; its jobs were not run."""


def serve(conn: Connection, function: Callable[..., Any], initializer: Callable[[], None] | None) -> None:
    """A worker's life: answer ``(job, args)`` with ``(job, ok, result)`` until the pipe closes."""
    if initializer is not None:
        initializer()
    while True:
        try:
            job, args = pickle.loads(conn.recv_bytes())
        except EOFError:
            return
        try:
            answer = (job, True, function(*args))
        except Exception as exc:  # sent back: the caller raises it
            answer = (job, False, exc)
        try:
            frame = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:  # an answer that cannot cross: say so, stay alive
            frame = pickle.dumps((job, False, RuntimeError(f"unpicklable answer: {exc!r}")))
        conn.send_bytes(frame)


class _Worker:
    def __init__(self, function: Callable[..., Any], initializer: Callable[[], None] | None) -> None:
        # spawn, not fork: the crawl process already runs a reactor (and, rendering, a browser driver).
        context = get_context("spawn")
        ours, theirs = context.Pipe(duplex=True)
        self.process = context.Process(
            target=serve, args=(theirs, function, initializer), name="newsbot-extract", daemon=True
        )
        self.process.start()
        theirs.close()
        self._conn = ours
        self.sock = socket.socket(fileno=os.dup(ours.fileno()))
        self.sock.setblocking(False)
        self.pending: dict[int, asyncio.Future[Any]] = {}
        self._out: deque[memoryview] = deque()
        self._in = bytearray()
        self._loop: asyncio.AbstractEventLoop | None = None
        self.alive = True

    def submit(self, job: int, args: tuple[Any, ...]) -> asyncio.Future[Any]:
        loop = asyncio.get_running_loop()
        if self._loop is not loop:
            # First use, or a new loop (each asyncio.run() has its own): read the answers on this one.
            self._unwatch()
            self._loop = loop
            loop.add_reader(self.sock.fileno(), self._readable)
        future: asyncio.Future[Any] = loop.create_future()
        self.pending[job] = future
        payload = pickle.dumps((job, args), protocol=pickle.HIGHEST_PROTOCOL)
        was_idle = not self._out
        self._out.append(memoryview(HEADER.pack(len(payload)) + payload))
        if was_idle:
            self._writable()
        return future

    def _writable(self) -> None:
        while self._out:
            chunk = self._out[0]
            try:
                sent = self.sock.send(chunk)
            except BlockingIOError:
                break
            except OSError as exc:
                self._died(f"writing to it failed: {exc}")
                return
            if sent == len(chunk):
                self._out.popleft()
            else:
                self._out[0] = chunk[sent:]
        assert self._loop is not None
        if self._out:
            self._loop.add_writer(self.sock.fileno(), self._writable)
        else:
            self._loop.remove_writer(self.sock.fileno())

    def _readable(self) -> None:
        try:
            data = self.sock.recv(1 << 20)
        except BlockingIOError:
            return
        except OSError as exc:
            if exc.errno != errno.EAGAIN:
                self._died(f"reading from it failed: {exc}")
            return
        if not data:
            self._died("it closed its pipe")
            return
        self._in += data
        while len(self._in) >= HEADER.size:
            (size,) = HEADER.unpack_from(self._in)
            if len(self._in) < HEADER.size + size:
                break
            job, ok, result = pickle.loads(memoryview(self._in)[HEADER.size : HEADER.size + size])
            del self._in[: HEADER.size + size]
            future = self.pending.pop(job, None)
            if future is None or future.done():
                continue
            if ok:
                future.set_result(result)
            else:
                future.set_exception(result)

    def _died(self, why: str) -> None:
        if not self.alive:
            return
        self.alive = False
        self._detach()
        self.process.join(timeout=1)
        logger.warning(
            "Extraction worker %s ended (%s, exit code %s)", self.process.pid, why, self.process.exitcode
        )
        for future in self.pending.values():
            if not future.done():
                future.set_exception(WorkerDied(why))
        self.pending.clear()

    def _unwatch(self) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.remove_reader(self.sock.fileno())
            self._loop.remove_writer(self.sock.fileno())

    def _detach(self) -> None:
        self._unwatch()
        self.sock.close()
        self._conn.close()

    def stop(self) -> None:
        """Close the pipe (the worker leaves when it reads the end) and wait for the process."""
        if self.alive:
            self.alive = False
            self._detach()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()


class PipePool:
    """``await pool.run(*args)`` runs ``function(*args)`` in one of ``workers`` processes: the one with
    the fewest jobs in hand. Raises :class:`WorkerDied` when no worker is left or its worker died."""

    def __init__(
        self, workers: int, function: Callable[..., Any], initializer: Callable[[], None] | None = None
    ) -> None:
        self._workers = [_Worker(function, initializer) for _ in range(max(1, workers))]
        self._jobs = 0

    @property
    def alive(self) -> bool:
        return any(worker.alive for worker in self._workers)

    def processes(self) -> list[int]:
        return [worker.process.pid for worker in self._workers if worker.alive and worker.process.pid]

    async def run(self, *args: Any) -> Any:
        living = [worker for worker in self._workers if worker.alive]
        if not living:
            raise WorkerDied("no extraction worker is left")
        worker = min(living, key=lambda w: len(w.pending))
        self._jobs += 1
        return await worker.submit(self._jobs, args)

    def shutdown(self) -> None:
        for worker in self._workers:
            worker.stop()
