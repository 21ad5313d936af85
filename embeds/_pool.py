"""Where extraction runs: a small pool of worker processes, or this process, each file under a time limit.

Why not ``concurrent.futures.ProcessPoolExecutor``: it cannot stop one task. A file that takes too long must become
a file error without stopping the scan, so each worker here runs one file at a time from a pipe of its own (the next
one or two already sent, so that it never waits for this process), and a worker past its file's deadline is killed
and replaced (:class:`WorkerPool`).

What else it guarantees:

* **No process left behind.** Workers are killed when the scan ends, fails or is interrupted; a worker whose parent
  died (SIGKILL) notices (its pipe closes, and a watchdog thread waits on the parent's sentinel) and exits; the
  forkserver exits when the parent's end of its pipe closes. Workers ignore SIGINT: Ctrl-C is the parent's to
  handle, so no worker prints a traceback.
* **No ``__main__`` guard needed.** Workers run only embeds code, so they are started without re-importing the
  caller's main module (multiprocessing would otherwise run a script's top level again in every worker, and a
  script with no ``if __name__ == "__main__":`` guard would start pools recursively). This makes the library work
  from a plain script, a notebook, a worker thread or ``python -c``. Should processes not start at all (a sandbox),
  extraction falls back to this process, with a warning in the log.
* **A time limit in this process too** (:class:`InProcessLimit`): when files are extracted here (few files, or
  ``jobs=1``), a watchdog thread raises :class:`FileTimeout` in the extracting thread at the deadline. CPython
  delivers it between bytecodes, so a single long call into C (one regular-expression match) finishes first; the
  extraction code checks nothing itself.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from ._log import logger

if TYPE_CHECKING:  # multiprocessing loads when a pool starts: a scan in one process never needs it
    import multiprocessing.connection
    from multiprocessing.context import BaseContext


_MAIN_LOCK = threading.Lock()


class FileTimeout(BaseException):
    """Raised in the extracting thread when its file's time is up (a ``BaseException``: no ``except Exception``
    in the extraction code may swallow it)."""


def pool_context() -> BaseContext:
    """forkserver (workers fork from a clean server process: no threads or event loop inherited, embeds imported
    once there), else spawn."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["embeds._scan", "embeds._emit._json"])  # _json: the lines a worker writes
        return ctx
    return multiprocessing.get_context("spawn")


def start_early() -> None:
    """Start the forkserver now, before a pool needs it: it imports embeds in its own process while this one goes
    on (importing the command line: the same 0.3 s on another core), instead of after. For ``embeds scan --jobs N``
    (N > 1), which starts a pool from two files on; when it does not (one file), the server goes unused and exits
    with this process. Never raises: a pool that cannot start says so when it is started."""
    try:
        ctx = pool_context()
        if ctx.get_start_method() == "forkserver":
            import multiprocessing.forkserver

            with _main_not_reimported():
                multiprocessing.forkserver.ensure_running()
    except Exception as exc:  # a sandbox with no processes: the pool falls back to this process later
        logger(__name__).debug("forkserver not started early: %s", exc)


@contextlib.contextmanager
def _main_not_reimported() -> Iterator[None]:
    """Start processes without telling them to import the caller's ``__main__`` (see the module docstring)."""
    main = sys.modules.get("__main__")
    with _MAIN_LOCK:
        if main is None:
            yield
            return
        missing = object()
        saved = {name: main.__dict__.get(name, missing) for name in ("__file__", "__spec__")}
        main.__dict__.pop("__file__", None)
        main.__dict__["__spec__"] = None
        try:
            yield
        finally:
            for name, value in saved.items():
                if value is missing:
                    main.__dict__.pop(name, None)
                else:
                    main.__dict__[name] = value


def _watch_parent() -> None:
    import multiprocessing.connection

    parent = multiprocessing.parent_process()
    if parent is None:  # pragma: no cover - always set in a started process
        return
    multiprocessing.connection.wait([parent.sentinel])
    os._exit(1)


def _worker_main(conn: multiprocessing.connection.Connection, task: Callable[[Any], Any]) -> None:
    """A worker: take one job at a time from ``conn``, send back ``task(job)``; stop on ``None`` or a closed pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, name="embeds-parent-watch", daemon=True).start()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            conn.send(task(job))
        except (BrokenPipeError, OSError):
            return


class _Worker:
    __slots__ = ("conn", "deadline", "process", "queued")

    def __init__(self, process: Any, conn: multiprocessing.connection.Connection) -> None:
        self.process = process
        self.conn = conn
        self.queued: deque[tuple[int, Any]] = deque()  # (index, job), sent, in the order it runs them
        self.deadline = float("inf")  # for the first of ``queued``, the one it is running


class WorkerPool:
    """``jobs`` worker processes running ``task`` (a module-level function) on one job at a time; see the module
    docstring. :meth:`map` yields ``(index, result)`` in completion order; a job past ``timeout`` seconds, or whose
    worker died, gives ``on_failure(job, reason)`` instead, and its worker is replaced.

    Each worker is sent ``depth`` jobs ahead (it runs them in order): it starts the next as soon as it sends a result,
    not when this process has read that result and answered. A job's time starts when the result before it arrives
    (or when it is sent, to an idle worker); the jobs queued behind one that fails go to the next free worker."""

    def __init__(self, task: Callable[[Any], Any], jobs: int, ctx: BaseContext | None = None, depth: int = 2) -> None:
        self._task = task
        self._ctx = ctx or pool_context()
        self._jobs = jobs
        self._depth = max(1, depth)
        self._workers: list[_Worker] = []
        self.closed = False

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        process = self._ctx.Process(  # type: ignore[attr-defined]
            target=_worker_main, args=(child, self._task), name="embeds-worker", daemon=True
        )
        with _main_not_reimported():
            process.start()
        child.close()
        return _Worker(process, parent)

    def start(self) -> None:
        """Start the workers (raises ``OSError``/``RuntimeError`` when processes cannot be started here)."""
        while len(self._workers) < self._jobs:
            self._workers.append(self._start())

    def _replace(self, worker: _Worker, again: deque[tuple[int, Any]]) -> None:
        """Kill ``worker`` (its first job has been dealt with), hand the jobs queued behind it to ``again``."""
        _kill(worker)
        worker.queued.popleft()
        again.extend(worker.queued)
        self._workers[self._workers.index(worker)] = self._start()

    def map(
        self,
        jobs: Iterator[tuple[int, Any]],
        timeout: float | None,
        on_failure: Callable[[Any, str], Any],
        stop: threading.Event | None = None,
        in_flight_limit: Callable[[], bool] | None = None,
        quick: Callable[[Any], bool] | None = None,
        split: Callable[[int, Any], list[tuple[int, Any]]] | None = None,
    ) -> Iterator[tuple[int, Any]]:
        """Run ``jobs`` (``(index, job)`` pairs); ``in_flight_limit()`` true holds new jobs back (the caller's
        window; jobs run again are never held back); ``stop`` set ends the run early. A job is queued behind
        another only when ``quick(other)`` says the other is a short one (default: always): behind a long one it
        would wait while another worker may have nothing to do, and the time saved is only that of a round trip.
        ``split(index, job)``: for a job that failed, smaller ``(index, job)`` pairs to run instead (a batch of
        files, one at a time), or an empty list for ``on_failure``."""
        exhausted = False
        again: deque[tuple[int, Any]] = deque()  # jobs that were queued behind a failed one, or split: sent first
        limit = timeout or float("inf")

        def fail(worker: _Worker, reason: str) -> tuple[int, Any] | None:
            """The result to yield for ``worker``'s failed job, or ``None`` when it was split to run again."""
            index, job = worker.queued[0]
            parts = split(index, job) if split is not None else []
            result = None if parts else (index, on_failure(job, reason))
            self._replace(worker, again)
            again.extendleft(reversed(parts))
            return result

        def next_job() -> tuple[int, Any] | None:
            nonlocal exhausted
            if again:
                return again.popleft()
            if exhausted or (in_flight_limit and in_flight_limit()):
                return None
            nxt = next(jobs, None)
            exhausted = nxt is None
            return nxt

        while True:
            if stop is not None and stop.is_set():
                return
            for depth in range(1, self._depth + 1):  # fill every worker to one job, then to two, ...
                for worker in self._workers:
                    if len(worker.queued) >= depth:
                        continue
                    if worker.queued and quick is not None and not quick(worker.queued[-1][1]):
                        continue  # behind a long job: left for a worker that is free
                    if (nxt := next_job()) is not None:
                        if not worker.queued:
                            worker.deadline = time.monotonic() + limit
                        worker.queued.append(nxt)
                        with contextlib.suppress(OSError):  # the worker died: its sentinel says so below
                            worker.conn.send(nxt[1])
            busy = [w for w in self._workers if w.queued]
            if not busy:
                if exhausted and not again:
                    return
                yield -1, None  # held back by the window: let the caller take results, then look again
                continue
            now = time.monotonic()
            wait = max(0.0, min(min(w.deadline for w in busy) - now, 0.2))
            ready = set(_wait([w.conn for w in busy] + [w.process.sentinel for w in busy], wait))
            now = time.monotonic()
            for worker in busy:
                failed: tuple[int, Any] | None = None
                if worker.conn in ready:
                    try:
                        result = worker.conn.recv()
                    except (EOFError, OSError):
                        failed = fail(worker, f"the worker extracting it died ({_how(worker)})")
                    else:
                        index, _ = worker.queued.popleft()
                        worker.deadline = now + limit
                        yield index, result
                        continue
                elif worker.process.sentinel in ready:
                    failed = fail(worker, f"the worker extracting it died ({_how(worker)})")
                elif now >= worker.deadline:
                    failed = fail(worker, f"took longer than the {timeout:g} s time limit per file: stopped")
                if failed is not None:
                    yield failed

    def close(self) -> None:
        """Stop every worker: idle ones are told to exit, busy ones killed; all are joined."""
        self.closed = True
        workers, self._workers = self._workers, []
        for worker in workers:
            if not worker.queued:
                with contextlib.suppress(OSError):
                    worker.conn.send(None)
        deadline = time.monotonic() + 2.0
        for worker in workers:
            if worker.queued:
                _kill(worker)
                continue
            worker.process.join(max(0.0, deadline - time.monotonic()))
            _kill(worker)


def _how(worker: _Worker) -> str:
    worker.process.join(0.5)
    code = worker.process.exitcode
    if code is None:
        return "no exit code"
    if code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit code {code}"


def _kill(worker: _Worker) -> None:
    process = worker.process
    if process.is_alive():
        process.kill()
    process.join(5.0)
    with contextlib.suppress(OSError):
        worker.conn.close()
    with contextlib.suppress(ValueError, AttributeError):
        process.close()


class InProcessLimit:
    """A per-file time limit for extraction in this process: :meth:`run` calls ``fn()`` and raises
    :class:`FileTimeout` in it when ``timeout`` seconds pass (see the module docstring for what can and cannot be
    interrupted). One watchdog thread per instance; use as a context manager."""

    def __init__(self, timeout: float | None) -> None:
        self._timeout = timeout
        self._lock = threading.Condition()
        self._target: int | None = None  # thread id to interrupt
        self._fired = False  # a FileTimeout was set for the current run
        self._deadline = float("inf")
        self._closed = False
        self._thread: threading.Thread | None = None
        self._enabled = bool(timeout) and sys.implementation.name == "cpython"

    def __enter__(self) -> InProcessLimit:
        if self._enabled:
            self._thread = threading.Thread(target=self._watch, name="embeds-file-limit", daemon=True)
            self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        if self._thread is not None:
            self._thread.join()

    def _watch(self) -> None:
        with self._lock:
            while not self._closed:
                now = time.monotonic()
                if self._target is not None and now >= self._deadline:
                    _async_raise(self._target, FileTimeout)
                    self._target = None
                    self._fired = True
                    continue
                self._lock.wait(None if self._target is None else self._deadline - now)

    def run(self, fn: Callable[[], Any]) -> Any:
        if not self._enabled:
            return fn()
        me = threading.get_ident()
        with self._lock:
            self._target, self._deadline = me, time.monotonic() + (self._timeout or 0.0)
            self._fired = False
            self._lock.notify_all()
        delivered = False
        try:
            return fn()
        except FileTimeout:
            delivered = True
            raise
        finally:
            with self._lock:
                self._target = None
                pending = self._fired and not delivered
                self._fired = False
            if pending:  # the watchdog set one just as fn returned
                _absorb_pending()


def _absorb_pending() -> None:
    """Take a :class:`FileTimeout` set on this thread but not raised yet. It is let through and caught, not cleared
    with ``PyThreadState_SetAsyncExc(id, NULL)``: on CPython 3.11 that leaves a thread that is traced
    (``sys.settrace``: pdb, coverage, profilers) spinning when nothing was pending, and whether it still is cannot be
    asked."""
    try:
        for _ in range(10_000):  # the interpreter raises a pending asynchronous exception at a loop's jump back
            pass
    except FileTimeout:
        return


def _async_raise(thread_id: int, exc: type[BaseException]) -> None:
    import ctypes  # here: only a file past its time limit needs it

    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), ctypes.py_object(exc))


def _wait(objects: list[Any], timeout: float) -> list[Any]:
    import multiprocessing.connection

    return multiprocessing.connection.wait(objects, timeout)
