"""Worker processes driven by the crawl's event loop: calls go out and results come back on one
socket per worker, read and written by the loop itself.

``concurrent.futures.ProcessPoolExecutor`` hands every call to a feeder thread and every result to
a manager thread, which then wakes the event loop. In a crawl process whose one thread is already
busy, those two threads cost about 0.32 ms of CPU a page (5,000-article bench crawl, per-thread CPU
from ``/proc``), and each page switched the GIL between threads four times. Here the loop writes a
call when it is made and reads results when the socket is readable: no thread, no switch.

A worker is ``python -m newsbot.extensions.processpool FD``, started with the crawl's interpreter
and import path, not through ``multiprocessing``: a spawned child would first run the crawl's main
script again (the ``scrapy`` console script imports all of Scrapy's command line) and start a
resource tracker process. A worker imports what its calls need on the first call.

A worker that dies fails every call it had with :class:`WorkerDied`; the pool is then ``broken``
and takes no more calls. Workers ignore SIGINT (the crawl decides when they stop: Ctrl-C lets it
finish its pages with them) and leave when their socket closes, which the kernel also does when the
crawl process is killed.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import signal
import socket
import struct
import subprocess
import sys
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger(__name__)

#: A message is its length, then a pickle: ``(call id, function, args)`` out, ``(call id, ok, value)`` back.
_LENGTH = struct.Struct("<Q")
_READ_SIZE = 1 << 18
_JOIN_SECONDS = 10.0


class WorkerDied(RuntimeError):
    """A worker process exited before it answered a call."""


def _message(value: Any) -> bytes:
    payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    return _LENGTH.pack(len(payload)) + payload


def _read_exactly(stream: Any, size: int) -> bytes | None:
    data = stream.read(size)
    return data if len(data) == size else None


def serve(sock: socket.socket) -> None:
    """A worker's life: answer calls until the crawl closes the socket."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sock.setblocking(True)
    stream = sock.makefile("rb", buffering=_READ_SIZE)
    while True:
        header = _read_exactly(stream, _LENGTH.size)
        if header is None:
            return
        payload = _read_exactly(stream, _LENGTH.unpack(header)[0])
        if payload is None:
            return
        call_id, function, args = pickle.loads(payload)
        try:
            answer = (call_id, True, function(*args))
        except Exception as exc:
            answer = (call_id, False, exc)
        try:
            reply = _message(answer)
        except Exception as exc:
            reply = _message((call_id, False, RuntimeError(f"result could not be pickled: {exc!r}")))
        try:
            sock.sendall(reply)
        except OSError:
            return


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    sock: socket.socket
    calls: dict[int, asyncio.Future[Any]] = field(default_factory=dict)
    unsent: bytearray = field(default_factory=bytearray)
    received: bytearray = field(default_factory=bytearray)
    alive: bool = True


class ProcessPool:
    """``workers`` spawned processes; ``await pool.submit(function, *args)`` from the event loop."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ValueError("a process pool needs at least one worker")
        self._workers: list[_Worker] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._next_id = 0
        self._chunk = bytearray(_READ_SIZE)
        self._chunk_view = memoryview(self._chunk)
        self.broken = False
        self.closed = False
        # A new process, not a fork: the crawl process already runs threads and a reactor. It
        # finds modules where this process does (sys.path), whatever its working directory.
        environment = dict(os.environ, PYTHONPATH=os.pathsep.join(path for path in sys.path if path))
        for _ in range(workers):
            ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
            with theirs:
                process = subprocess.Popen(
                    [sys.executable, "-m", __name__, str(theirs.fileno())],
                    pass_fds=(theirs.fileno(),),
                    stdin=subprocess.DEVNULL,
                    env=environment,
                )
            ours.setblocking(False)
            self._workers.append(_Worker(process, ours))

    @property
    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self._workers]

    def submit(self, function: Callable[..., Any], *args: Any) -> asyncio.Future[Any]:
        """Run ``function(*args)`` in the least busy worker; call from the running event loop."""
        if self.closed:
            raise RuntimeError("cannot submit to a process pool after shutdown")
        if self.broken:
            raise WorkerDied("a worker of this pool died")
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._attach(loop)
        worker = min(self._workers, key=lambda candidate: len(candidate.calls))
        call_id = self._next_id = self._next_id + 1
        message = _message((call_id, function, args))  # raises here for arguments that cannot travel
        future: asyncio.Future[Any] = loop.create_future()
        worker.calls[call_id] = future
        self._send(worker, message)
        return future

    def _attach(self, loop: asyncio.AbstractEventLoop) -> None:
        if self._loop is not None:
            for worker in self._workers:
                self._unwatch(worker)
        self._loop = loop
        for worker in self._workers:
            loop.add_reader(worker.sock.fileno(), self._readable, worker)
            if worker.unsent:
                loop.add_writer(worker.sock.fileno(), self._writable, worker)

    def _unwatch(self, worker: _Worker) -> None:
        if self._loop is not None and not self._loop.is_closed():
            self._loop.remove_reader(worker.sock.fileno())
            self._loop.remove_writer(worker.sock.fileno())

    def _send(self, worker: _Worker, message: bytes) -> None:
        if worker.unsent:
            worker.unsent += message
            return
        sent = self._send_some(worker, message)
        if sent is not None and sent < len(message):
            worker.unsent += message[sent:]
            assert self._loop is not None
            self._loop.add_writer(worker.sock.fileno(), self._writable, worker)

    def _writable(self, worker: _Worker) -> None:
        sent = self._send_some(worker, worker.unsent)
        if sent is None:
            return
        del worker.unsent[:sent]
        if not worker.unsent and self._loop is not None:
            self._loop.remove_writer(worker.sock.fileno())

    def _send_some(self, worker: _Worker, data: bytes | bytearray) -> int | None:
        """How much of ``data`` the socket took (0 when it is full), or ``None`` when the worker is gone."""
        try:
            return worker.sock.send(data)
        except BlockingIOError:
            return 0
        except OSError:
            self._died(worker)
            return None

    def _readable(self, worker: _Worker) -> None:
        # Into one reused buffer: ``recv`` would allocate 256 KB for every read of a few KB.
        try:
            count = worker.sock.recv_into(self._chunk)
        except BlockingIOError:
            return
        except OSError:
            count = 0
        if not count:
            self._died(worker)
            return
        buffer = worker.received
        buffer += self._chunk_view[:count]
        start = 0
        answers = []
        with memoryview(buffer) as view:
            while len(buffer) - start >= _LENGTH.size:
                (size,) = _LENGTH.unpack_from(buffer, start)
                end = start + _LENGTH.size + size
                if len(buffer) < end:
                    break
                with view[start + _LENGTH.size : end] as message:
                    answers.append(pickle.loads(message))
                start = end
        del buffer[:start]
        for call_id, ok, value in answers:
            future = worker.calls.pop(call_id, None)
            if future is None or future.done():
                continue
            if ok:
                future.set_result(value)
            else:
                future.set_exception(value)

    def _died(self, worker: _Worker) -> None:
        if worker.alive:
            self.broken = True
            self._close(worker, f"worker {worker.process.pid} exited")

    def _close(self, worker: _Worker, why: str) -> None:
        """Stop talking to ``worker``. A call still waiting for it is not lost: its caller sees
        WorkerDied and does the call itself."""
        if not worker.alive:
            return
        worker.alive = False
        self._unwatch(worker)
        worker.sock.close()
        calls, worker.calls = worker.calls, {}
        for future in calls.values():
            if not future.done():
                future.set_exception(WorkerDied(why))

    def shutdown(self) -> None:
        """Close every worker's socket (they leave when they see it) and wait for them."""
        if self.closed:
            return
        self.closed = True
        for worker in self._workers:
            self._close(worker, "the process pool was shut down")
        for worker in self._workers:
            try:
                worker.process.wait(_JOIN_SECONDS)
            except subprocess.TimeoutExpired:
                logger.warning("Extraction worker %s did not stop; killing it", worker.process.pid)
                with suppress(OSError):
                    worker.process.kill()
                worker.process.wait()


if __name__ == "__main__":
    serve(socket.socket(fileno=int(sys.argv[1])))
