"""Web-archive look-ups (``--archive``): the snapshot of a post's URL closest to the date the document gives.

Two kinds of endpoint, named ``kind:base`` in :data:`ARCHIVE_ENDPOINTS` and ``ScanOptions.archive_endpoints``:

* ``availability:https://archive.org/wayback/available`` — the Internet Archive's availability API (the default):
  ``GET {base}?url={url}&timestamp={YYYYMMDD}`` answers ``{"archived_snapshots": {"closest": {"available": true,
  "url": …, "timestamp": "YYYYMMDDhhmmss", "status": "200"}}}``, or ``{"archived_snapshots": {}}`` when it has none.
* ``timemap:https://web.archive.org/web/timemap/link/`` — a Memento TimeMap (RFC 7089 §5, application/link-format):
  ``GET {base}{url}`` lists ``<uri>; rel="memento"; datetime="Tue, 21 Mar 2006 20:50:14 GMT"`` entries; the one
  closest to the date is taken. Any Memento aggregator or archive serving TimeMaps can be named this way.
* ``timegate:https://web.archive.org/web/`` — a Memento TimeGate (RFC 7089 §4): ``GET {base}{url}`` with
  ``Accept-Datetime`` (the date, as an HTTP date) answers a redirect to the memento closest to it; its time is the
  ``datetime`` the ``Link`` header gives that memento, else the ``Memento-Datetime`` header of the memento itself
  (asked for with a body of one byte).

Reading answers is pure (:func:`read_availability`, :func:`read_timemap`); :func:`lookup` asks through the
resolver's machinery (guard, host limits, Retry-After, record/replay) and the cache: a snapshot found is kept a
year, "none" a day, a failure not at all.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote, urljoin

import regex

from .._models import Snapshot
from .._rx import lazy_regex

if TYPE_CHECKING:
    from ._resolver import AsyncResolver

#: The endpoints asked by default, in order (the first that has a snapshot answers).
ARCHIVE_ENDPOINTS: tuple[str, ...] = ("availability:https://archive.org/wayback/available",)
#: How long a snapshot found is kept (seconds): a capture does not change.
TTL_SNAPSHOT = 365 * 86400.0
#: How long "no snapshot" is kept: an archive may capture the page tomorrow.
TTL_NONE = 86400.0

_ENTRY = lazy_regex(r"<(?P<uri>[^>]*)>(?P<params>[^,<]*(?:,(?!\s*<)[^,<]*)*)")
_REL = lazy_regex(r'(?i)\brel\s*=\s*"(?P<rel>[^"]*)"')
_DATETIME = lazy_regex(r'(?i)\bdatetime\s*=\s*"(?P<when>[^"]*)"')


class ArchiveEndpoint(NamedTuple):
    """One archive to ask: its kind (``availability`` or ``timemap``) and base URL."""

    kind: str
    base: str

    @classmethod
    def parse(cls, spec: str) -> ArchiveEndpoint:
        """``kind:base`` → an endpoint; a ``ValueError`` for an unknown kind."""
        kind, _, base = spec.partition(":")
        if kind not in ("availability", "timemap", "timegate") or not base.startswith(("http://", "https://")):
            raise ValueError(f"archive endpoint must be availability:URL, timemap:URL or timegate:URL, not {spec!r}")
        return cls(kind, base)

    @property
    def name(self) -> str:
        return regex.sub(r"^https?://", "", self.base).rstrip("/")

    def request_url(self, url: str, when: str | None) -> str:
        if self.kind == "availability":
            stamp = f"&timestamp={when[:10].replace('-', '')}" if when and len(when) >= 10 else ""
            return f"{self.base}?url={quote(url, safe='')}{stamp}"
        return f"{self.base}{url}"


def _iso(stamp: str) -> str | None:
    """A 14-digit archive timestamp (``20060321205014``) as ISO 8601 UTC, or ``None``."""
    try:
        dt = datetime.strptime(stamp[:14].ljust(14, "0"), "%Y%m%d%H%M%S")
    except ValueError:
        return None
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def read_availability(body: str, archive: str, checked_at: str | None = None) -> Snapshot | None:
    """The closest snapshot an availability answer gives, or ``None`` (none, or not available). A ``ValueError``
    when the answer is not in the documented shape."""
    data: Any = json.loads(body)
    if not isinstance(data, dict) or not isinstance(data.get("archived_snapshots"), dict):
        raise ValueError("no archived_snapshots object")
    closest = data["archived_snapshots"].get("closest")
    if not isinstance(closest, dict) or closest.get("available") is False:
        return None
    url, stamp = closest.get("url"), closest.get("timestamp")
    if not isinstance(url, str) or not isinstance(stamp, str) or (when := _iso(stamp)) is None:
        raise ValueError("a closest snapshot with no url or timestamp")
    return Snapshot(regex.sub(r"^http://", "https://", url), when, archive, checked_at)


def read_timemap(body: str, when: str | None, archive: str, checked_at: str | None = None) -> Snapshot | None:
    """The memento of a link-format TimeMap closest to ``when`` (the latest when ``when`` is ``None``), or ``None``
    when it lists none."""
    target = None
    if when:
        try:
            target = datetime.fromisoformat(when.replace("Z", "+00:00"))
        except ValueError:
            target = None
        if target is not None and target.tzinfo is None:
            target = target.replace(tzinfo=UTC)
    best: tuple[float, datetime, str] | None = None
    for m in _ENTRY.finditer(body):
        rel = _REL.search(m.group("params"))
        stamp = _DATETIME.search(m.group("params"))
        if rel is None or stamp is None or "memento" not in rel.group("rel").split():
            continue
        try:
            at = _parsedate(stamp.group("when"))
        except (TypeError, ValueError):
            continue
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        distance = abs((at - target).total_seconds()) if target is not None else -at.timestamp()
        if best is None or distance < best[0]:
            best = (distance, at, m.group("uri"))
    if best is None:
        return None
    return Snapshot(best[2], best[1].astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"), archive, checked_at)


def accept_datetime(when: str | None) -> str | None:
    """The HTTP date (RFC 7089 ``Accept-Datetime``) of an ISO date or time, or ``None``."""
    if not when:
        return None
    try:
        dt = datetime.fromisoformat(when.replace("Z", "+00:00")) if len(when) > 10 else datetime.fromisoformat(when)
    except ValueError:
        return None
    dt = dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    from email.utils import format_datetime

    return format_datetime(dt, usegmt=True)


async def _timegate(resolver: AsyncResolver, endpoint: ArchiveEndpoint, url: str, when: str | None) -> Snapshot | None:
    """Ask a TimeGate (see the module docstring); a ``ValueError`` when its answer is not a Memento redirect."""
    asked = accept_datetime(when)
    fetched = await resolver.fetch(
        endpoint.request_url(url, when), headers={"Accept-Datetime": asked} if asked else None, follow=False
    )
    if fetched.status == 404:  # the archive holds no memento of the URL
        return None
    if fetched.error is not None:
        raise LookupError(fetched.error)
    location = fetched.headers.get("location")
    if not location:
        raise ValueError("a TimeGate answer with no Location")
    memento = urljoin(fetched.url, location)
    for entry in _ENTRY.finditer(fetched.headers.get("link", "")):
        stamp = _DATETIME.search(entry.group("params"))
        if urljoin(fetched.url, entry.group("uri")) == memento and stamp is not None:
            return Snapshot(memento, _http_date(stamp.group("when")), endpoint.name, fetched.fetched_at)
    head = await resolver.fetch(memento, max_body=1)
    stamp_header = head.headers.get("memento-datetime")
    if stamp_header is None:
        raise ValueError("no datetime for the memento")
    return Snapshot(memento, _http_date(stamp_header), endpoint.name, fetched.fetched_at)


def _http_date(value: str) -> str:
    at = _parsedate(value)
    at = at.replace(tzinfo=UTC) if at.tzinfo is None else at
    return at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


async def lookup(
    resolver: AsyncResolver, cache: Any, endpoints: tuple[ArchiveEndpoint, ...], url: str, when: str | None
) -> Snapshot | None:
    """The snapshot of ``url`` closest to ``when`` from the first endpoint that has one (cached; see the module
    docstring). A failed endpoint is passed over; nothing is invented."""
    for endpoint in endpoints:
        key = f"archive:{endpoint.kind}:{endpoint.base}|{url}|{(when or '')[:10]}"
        stored = cache.get_json(key) if cache is not None else None
        if isinstance(stored, dict):
            if stored.get("snapshot"):
                return Snapshot(**stored["snapshot"])
            continue
        if endpoint.kind == "timegate":
            try:
                snapshot = await _timegate(resolver, endpoint, url, when)
            except (LookupError, ValueError, TypeError):
                continue
            _remember(cache, key, snapshot)
            if snapshot is not None:
                return snapshot
            continue
        fetched = await resolver.fetch(endpoint.request_url(url, when))
        if fetched.error is not None or fetched.status != 200:
            if fetched.status != 404:
                continue
            snapshot = None  # a TimeMap answers 404 when it holds no memento
        else:
            try:
                if endpoint.kind == "availability":
                    snapshot = read_availability(fetched.body, endpoint.name, fetched.fetched_at)
                else:
                    snapshot = read_timemap(fetched.body, when, endpoint.name, fetched.fetched_at)
            except ValueError:
                continue
        _remember(cache, key, snapshot)
        if snapshot is not None:
            return snapshot
    return None


def _remember(cache: Any, key: str, snapshot: Snapshot | None) -> None:
    """Keep an endpoint's answer (a snapshot, or that it holds none) in the cache, when there is one."""
    if cache is not None:
        value = {"snapshot": snapshot.as_dict() if snapshot else None}
        cache.put_json(key, value, TTL_SNAPSHOT if snapshot else TTL_NONE)


def _parsedate(value: str) -> datetime:
    from email.utils import parsedate_to_datetime  # here: email loads socket, which a scan without archive never needs

    return parsedate_to_datetime(value)
