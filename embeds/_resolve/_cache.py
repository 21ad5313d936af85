"""The resolution cache: one SQLite file (stdlib ``sqlite3``, WAL), shared safely by several processes.

Where it lives by default: ``$EMBEDS_CACHE_DIR/resolve.sqlite3`` if that variable is set, else
``$XDG_CACHE_HOME/embeds/resolve.sqlite3``, else ``~/.cache/embeds/resolve.sqlite3``.

How long an outcome is kept is the cache's own policy (:func:`._policy.cache_ttl`): successful resolutions long
(30 days), dead links (404/410) and policy outcomes (loops, too many hops, blocked, malformed URLs) one day, transient
failures (timeouts, network errors, 429, 5xx) never, decided on the result's typed ``error_kind``. Keys are canonical
(:func:`._policy.cache_key`).

Safety: WAL lets readers and a writer work at once across processes, a busy timeout makes writers wait for each
other, and every ``put`` is its own transaction, so a process killed mid-run leaves the file intact with every
resolution committed before the kill.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, get_args

from .._log import logger as _logger
from .._types import ErrorKind
from ._models import Hop, Resolution, default_cache_path
from ._policy import TTL_GONE, TTL_OK, TTL_POLICY, cache_ttl

logger = _logger(__name__)

SCHEMA = """
CREATE TABLE IF NOT EXISTS resolutions (
    key        TEXT PRIMARY KEY,
    record     TEXT NOT NULL,
    stored_at  REAL NOT NULL,
    expires_at REAL NOT NULL
)
"""

#: What hydration and archive look-ups keep (:meth:`SQLiteCache.get_json`): their own table, their own TTLs.
SCHEMA_RECORDS = """
CREATE TABLE IF NOT EXISTS records (
    key        TEXT PRIMARY KEY,
    record     TEXT NOT NULL,
    stored_at  REAL NOT NULL,
    expires_at REAL NOT NULL
)
"""


def _encode(r: Resolution) -> str:
    return json.dumps(
        {
            "final_url": r.final_url,
            "status": r.status,
            "chain": [[h.url, h.status] for h in r.chain],
            "error": r.error,
            "error_kind": r.error_kind,
            "resolved_at": r.resolved_at,
        },
        separators=(",", ":"),
    )


def _decode(url: str, text: str) -> Resolution | None:
    """A stored record back as a :class:`Resolution`; raises ``ValueError``/``TypeError``/``KeyError`` on a row
    that is not one (the cache drops it)."""
    d = json.loads(text)
    if d["error"] is not None and not d.get("error_kind"):
        return None  # a failure stored by a version before typed kinds: asked again (it was kept a day at most)
    kind = d.get("error_kind")
    if kind is not None and kind not in get_args(ErrorKind):
        raise ValueError(f"unknown error_kind {kind!r}")
    status = d["status"]
    if status is not None and (not isinstance(status, int) or isinstance(status, bool)):
        raise TypeError(f"status {status!r} is not a number")
    for field in ("final_url", "resolved_at"):
        if not isinstance(d[field], str | None):
            raise TypeError(f"{field} is not text")
    if d["error"] is not None and not isinstance(d["error"], str):
        raise TypeError("error is not text")
    chain = tuple(Hop(str(u), s if isinstance(s, int) and not isinstance(s, bool) else None) for u, s in d["chain"])
    return Resolution(
        url,
        str(d["final_url"]),
        status,
        chain,
        d["error"],
        from_cache=True,
        resolved_at=d["resolved_at"],
        error_kind=kind,
    )


def _damaged(exc: sqlite3.OperationalError) -> bool:
    """Whether an ``OperationalError`` says the file itself is bad (rather than locked, read-only or full)."""
    text = str(exc).lower()
    return any(w in text for w in ("malformed", "not a database", "corrupt", "no such table", "no such column"))


#: How long opening a cache file that other processes are opening at the same time keeps trying.
OPEN_TIMEOUT = 30.0


def _use_wal(db: sqlite3.Connection) -> None:
    # WAL is a property of the file: set once, every later connection finds it (and switching needs an exclusive
    # lock that SQLite does not wait for, so it is not asked for when already set).
    if db.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
        db.execute("PRAGMA journal_mode=WAL")


def _retry_locked(step: Callable[[sqlite3.Connection], object], db: sqlite3.Connection) -> None:
    """Run ``step``, retrying while another process holds the lock SQLite returns at once on (switching the journal
    mode, or recovering a WAL, returns "database is locked" without waiting on the busy timeout)."""
    deadline = time.monotonic() + OPEN_TIMEOUT
    pause = 0.005
    while True:
        try:
            step(db)
            return
        except sqlite3.OperationalError as exc:
            if ("locked" not in str(exc) and "busy" not in str(exc)) or time.monotonic() > deadline:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.2)


class SQLiteCache:
    """A :class:`~embeds.Cache` in one SQLite file; ``SQLiteCache()`` opens the per-user default.

    ``ttl_ok``, ``ttl_gone`` and ``ttl_policy`` override how long (seconds) successes, dead links and policy
    outcomes are kept. Usable from any thread (calls are serialised); close it, or use it as a context manager.
    """

    def __init__(
        self,
        path: str | os.PathLike[str] | None = None,
        *,
        ttl_ok: float = TTL_OK,
        ttl_gone: float = TTL_GONE,
        ttl_policy: float = TTL_POLICY,
    ) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._ttl = {TTL_OK: ttl_ok, TTL_GONE: ttl_gone, TTL_POLICY: ttl_policy}
        self._lock = threading.Lock()
        self.warnings: list[str] = []
        """What went wrong with the file and was repaired (a damaged file set aside, bad rows dropped), in
        sentences, oldest first; also logged. ``embeds scan`` prints them as warnings."""
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:
            if isinstance(exc, sqlite3.OperationalError) and not _damaged(exc):
                raise  # locked, read-only, no space: not the file's fault, nothing to repair
            self._db = self._rebuild(exc)

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
        try:
            _retry_locked(_use_wal, db)
            db.execute("PRAGMA synchronous=NORMAL")
            _retry_locked(lambda d: d.execute(SCHEMA), db)
            _retry_locked(lambda d: d.execute(SCHEMA_RECORDS), db)
            db.execute("SELECT key, record, stored_at, expires_at FROM resolutions LIMIT 1").fetchall()
            if db.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
                raise sqlite3.DatabaseError("quick_check found damage")
        except BaseException:
            db.close()
            raise
        return db

    def _warn(self, message: str) -> None:
        self.warnings.append(message)
        logger.warning("%s", message)

    def _rebuild(self, exc: BaseException) -> sqlite3.Connection:
        """Set a damaged file aside (``<name>.corrupt-<time>``, with its WAL) and start an empty cache: losing
        cached answers costs requests, never a run."""
        if self._db is not None:
            self._db.close()
            self._db = None
        stamp = time.strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{os.getpid()}")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(self.path) + suffix)
            if part.exists():
                os.replace(part, str(aside) + suffix)
        self._warn(f"cache {self.path} was damaged ({exc}); set aside as {aside.name} and started afresh")
        return self._open()

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            raise ValueError(f"cache {self.path} is closed")
        return self._db

    def _run(self, sql: str, args: tuple[object, ...]) -> list[tuple[object, ...]]:
        """One statement under the lock; a file found damaged mid-run is set aside and rebuilt (and the statement
        run on the fresh one)."""
        with self._lock:
            try:
                return self._conn().execute(sql, args).fetchall()
            except sqlite3.DatabaseError as exc:
                if isinstance(exc, sqlite3.OperationalError) and not _damaged(exc):
                    raise
                self._db = self._rebuild(exc)
                return self._db.execute(sql, args).fetchall()

    def get(self, key: str) -> Resolution | None:
        """The fresh resolution stored under ``key``, or ``None``. A row that cannot be read back (written by
        something else, or damaged) is dropped, with a warning, and taken as a miss."""
        rows = self._run("SELECT record FROM resolutions WHERE key = ? AND expires_at > ?", (key, time.time()))
        if not rows:
            return None
        try:
            return _decode(key, str(rows[0][0]))
        except (ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            self._warn(f"cache {self.path}: unreadable entry for {key!r} dropped ({type(exc).__name__}: {exc})")
            self._run("DELETE FROM resolutions WHERE key = ?", (key,))
            return None

    def put(self, key: str, resolution: Resolution) -> None:
        """Store ``resolution`` under ``key`` for as long as its outcome warrants (not at all if transient)."""
        ttl = cache_ttl(resolution.status, resolution.error_kind, failed=not resolution.ok)
        if ttl is None:
            return
        now = time.time()
        self._run(
            "INSERT OR REPLACE INTO resolutions (key, record, stored_at, expires_at) VALUES (?, ?, ?, ?)",
            (key, _encode(resolution), now, now + self._ttl.get(ttl, ttl)),
        )

    def get_json(self, key: str) -> Any:
        """The fresh JSON value stored under ``key`` by :meth:`put_json` (a hydrated post, an archive look-up), or
        ``None``. An entry that cannot be read is a miss."""
        with self._lock:
            row = (
                self._conn()
                .execute("SELECT record FROM records WHERE key = ? AND expires_at > ?", (key, time.time()))
                .fetchone()
            )
        if not row:
            return None
        try:
            return json.loads(row[0])
        except ValueError:
            return None

    def put_json(self, key: str, value: Any, ttl: float) -> None:
        """Keep ``value`` (JSON data) under ``key`` for ``ttl`` seconds."""
        now = time.time()
        with self._lock:
            self._conn().execute(
                "INSERT OR REPLACE INTO records (key, record, stored_at, expires_at) VALUES (?, ?, ?, ?)",
                (key, json.dumps(value, separators=(",", ":")), now, now + ttl),
            )

    def __len__(self) -> int:
        with self._lock:
            row = self._conn().execute("SELECT count(*) FROM resolutions WHERE expires_at > ?", (time.time(),))
            return int(row.fetchone()[0])

    def purge(self) -> int:
        """Delete expired entries; returns how many."""
        with self._lock:
            now = time.time()
            gone = self._conn().execute("DELETE FROM resolutions WHERE expires_at <= ?", (now,)).rowcount
            return gone + self._conn().execute("DELETE FROM records WHERE expires_at <= ?", (now,)).rowcount

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None

    def __enter__(self) -> SQLiteCache:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
