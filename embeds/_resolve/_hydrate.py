"""Hydration (``--hydrate``): each post checked against the platform's public endpoint, and the archives asked.

For each record with a permalink, the platform's spec names the endpoint (:class:`embeds.platforms.Endpoint`:
oEmbed, Bluesky's AppView, Mastodon's status API, Telegram's widget page); the answer is read by the platform's reader,
and embed code in it (an oEmbed ``html``) by the extractors that read that markup in documents. Then, purely
(:func:`read_answer`, :func:`apply`, :func:`verify`):

* the post's **status** (``available``, ``deleted or private``, ``account suspended``, ``unknown``) and the time it
  was checked are recorded in ``Citation.hydration``, with the platform's copy of the fields;
* fields the document did not carry are **filled** from it; fields it did are **kept** and compared (text after
  normalising white space and links, the day, the time the id encodes), and differences become notes;
* ``Citation.provenance`` says where each field came from (``document`` or ``hydrated: <endpoint> at <time>``).

Requests go through :meth:`AsyncResolver.fetch` (address guard, per-host limits, Retry-After, record/replay); the
cache keeps a status a day (it is checked again after that) and never keeps "unknown". Nothing here raises into a
scan: a failure is a status ``unknown`` with its reason.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as _dt
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .._extract import extract
from .._log import logger as _logger
from .._models import Citation, FieldOrigin, Hydration, Snapshot
from .._rx import lazy_regex
from ..platforms import REGISTRY, Answer, Endpoint, PostRef, parse_permalink
from ._archive import ARCHIVE_ENDPOINTS, ArchiveEndpoint, lookup
from ._resolver import AsyncResolver, Fetched

logger = _logger(__name__)

#: How long a post's status is kept (seconds): it is checked again after a day.
TTL_STATUS = 86400.0

_URL = lazy_regex(r"(?i)\b(?:https?://|pic\.(?:twitter|x)\.com/)\S+")
_SPACE = lazy_regex(r"\s+")
_HAS_CONTENT = lazy_regex(r"(?i)<(?:blockquote|div|p|section|a)\b")


@dataclass(frozen=True, slots=True)
class HydrateOptions:
    """What :class:`AsyncHydrator` does. One frozen object; ``ScanOptions.hydrate``/``archive`` map onto it."""

    hydrate: bool = True
    """Ask each post's platform (``--hydrate``)."""
    archive: bool = False
    """Look each post URL up in the web archives (``--archive``)."""
    archive_endpoints: tuple[str, ...] = ARCHIVE_ENDPOINTS
    """The archives asked, in order, as ``availability:URL`` or ``timemap:URL``."""
    tokens: Mapping[str, str] | None = dataclasses.field(default=None, hash=False)
    """Where endpoint tokens are read (``EMBEDS_META_TOKEN``, …): the environment when ``None``."""


# --- pure: answers → records ------------------------------------------------------------------------------------


def _embedded(html: str, platform: str, post_id: str | None) -> Citation | None:
    """The record the extractors read from embed code (an oEmbed ``html``): the post asked for, else the first of
    its platform."""
    found = [c for c in extract(html, format="html") if c.platform == platform]
    return next((c for c in found if post_id and c.post_id == post_id), found[0] if found else None)


def read_answer(endpoint: Endpoint, platform: str, post_id: str | None, fetched: Fetched) -> Hydration:
    """What an endpoint's answer says of a post (pure): the status, and the platform's copy of the fields."""
    base = Hydration("unknown", fetched.fetched_at, endpoint.name)
    if fetched.error_kind is not None and fetched.error_kind != "http-status":
        return dataclasses.replace(base, error=fetched.error)
    status = fetched.status
    if status in (403, 404):
        return dataclasses.replace(base, status="deleted or private", error=f"HTTP {status}")
    if status == 410:
        return dataclasses.replace(base, status=endpoint.gone, error="HTTP 410")
    if status != 200:
        return dataclasses.replace(base, error=fetched.error or f"HTTP {status}")
    try:
        answer = endpoint.read(fetched.body)
    except ValueError as exc:  # MalformedAnswer included
        return dataclasses.replace(base, error=f"malformed answer: {exc}")
    return _from_answer(base, answer, platform, post_id)


def _from_answer(base: Hydration, a: Answer, platform: str, post_id: str | None) -> Hydration:
    text, published, name, handle = a.text, a.published, a.author_name, a.handle
    # the embed code is read when the answer's own fields leave the text or the handle unknown (an embed that shows
    # those is where a date is too: Twitter's) and it holds more than a player iframe (an id, never text or author)
    if a.html and (text is None or handle is None) and _HAS_CONTENT.search(a.html):
        embedded = _embedded(a.html, platform, post_id)
        if embedded is not None:
            text = text or embedded.text
            published = published or embedded.published
            name = name or embedded.author.name
            handle = handle or embedded.author.handle
    if text is None and a.title:  # a video's or a Reddit post's title is the text citations print
        text = a.title
    return Hydration(a.status, base.checked_at, base.endpoint, name, handle, published, text, a.title, a.error)


def _comparable(text: str) -> str:
    return _SPACE.sub(" ", _URL.sub(" ", text)).strip().rstrip("…").strip()


def _date(value: str | None) -> _dt.date | None:
    if not value:
        return None
    try:
        if len(value) > 10:
            dt = _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
            return dt.astimezone(_dt.UTC).date() if dt.tzinfo else dt.date()
        return _dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def verify(c: Citation, h: Hydration) -> tuple[str, ...]:
    """Notes on where the document's copy of the post disagrees with the platform's (pure): the text (white space
    and links normalised; a copy cut with ``…`` compared as a prefix), the day shown, the time the id encodes."""
    notes: list[str] = []
    if c.text and h.text:
        mine, theirs = _comparable(c.text), _comparable(h.text)
        same = mine == theirs or (c.text.rstrip().endswith("…") and theirs.startswith(mine))
        if mine and theirs and not same:
            notes.append(f"text differs from the post as published: “{h.text}”")
    shown, posted = _date(c.published), _date(h.published)
    if shown and posted and shown != posted:
        apart = (shown - posted).days
        where = "after" if apart > 0 else "before"
        notes.append(f"date shown is {_days(abs(apart))} {where} the post's time ({h.published})")
    encoded = _date(c.created_at)
    if encoded and posted and abs((encoded - posted).days) > 1:
        notes.append(f"the time the id encodes ({c.created_at}) disagrees with the platform's ({h.published})")
    return tuple(notes)


def _origin(h: Hydration) -> str:
    return f"hydrated: {h.endpoint} at {h.checked_at}"


def apply(c: Citation, h: Hydration | None, snapshot: Snapshot | None = None) -> Citation:
    """``c`` with what hydration found (pure): status and the platform's copy in ``hydration``, the fields the
    document lacks filled from it, the document's own kept (with notes where they disagree), ``provenance`` for each
    field, and the archive snapshot. A post not available gets a note (with the archived copy when there is one)."""
    origins: list[FieldOrigin] = []
    notes = list(c.notes)
    author = c.author
    fields: dict[str, Any] = {}
    usable = h is not None and h.status == "available"
    for name, mine, theirs in (
        ("author.name", c.author.name, h.author_name if h else None),
        ("author.handle", c.author.handle, h.handle if h else None),
        ("published", c.published, h.published if h else None),
        ("text", c.text, h.text if h else None),
    ):
        if mine is not None:
            origins.append(FieldOrigin(name, "document"))
        elif usable and theirs is not None and h is not None:
            origins.append(FieldOrigin(name, _origin(h)))
            if name == "author.name":
                author = dataclasses.replace(author, name=theirs)
            elif name == "author.handle":
                author = dataclasses.replace(author, handle=theirs)
            else:
                fields[name] = theirs
    if c.url is not None:
        origins.append(FieldOrigin("url", "document"))
    if author is not c.author:
        fields["author"] = author
    if "text" in fields:  # the notes that the document carried none are answered now
        notes = [n for n in notes if "carries no post text" not in n and "no text" not in n]
    if "published" in fields:
        notes = [n for n in notes if "carries no date" not in n]
    if h is not None:
        if h.status == "available":
            notes.extend(verify(c, h))
        elif h.checked_at is not None:
            why = f" ({h.error})" if h.error else ""
            what = "status unknown" if h.status == "unknown" else h.status
            notes.append(f"{what} when checked at {h.checked_at}{why}")
        elif h.error:
            notes.append(h.error)
    if snapshot is not None and h is not None and h.status in ("deleted or private", "account suspended"):
        notes.append(f"archived copy: {snapshot.url} ({snapshot.timestamp})")
    return dataclasses.replace(
        c,
        hydration=h or c.hydration,
        archived=snapshot or c.archived,
        provenance=tuple(origins),
        notes=tuple(dict.fromkeys(notes)),
        **fields,
    )


def _no_endpoint(c: Citation, spec_name: str | None) -> Hydration:
    return Hydration("unknown", error=f"not hydrated: {spec_name or c.platform} has no public key-less endpoint")


# --- the async part ----------------------------------------------------------------------------------------------


class _SafeCache:
    """The JSON side of a cache (:meth:`embeds.SQLiteCache.get_json`), failures logged and taken as misses."""

    def __init__(self, cache: Any) -> None:
        self._cache = cache if cache is not None and hasattr(cache, "get_json") else None

    def get_json(self, key: str) -> Any:
        if self._cache is None:
            return None
        try:
            return self._cache.get_json(key)
        except Exception:
            logger.warning("the cache failed to look up %r; asking", key, exc_info=True)
            return None

    def put_json(self, key: str, value: Any, ttl: float) -> None:
        if self._cache is None:
            return
        try:
            self._cache.put_json(key, value, ttl)
        except Exception:
            logger.warning("the cache failed to store %r; going on", key, exc_info=True)


class AsyncHydrator:
    """Hydrates and archives records through a resolver (its client, limits, guard, record/replay) and a cache::

        async with AsyncResolver() as resolver:
            citations = await AsyncHydrator(resolver, cache).hydrate_all(citations)

    The same post (or archive look-up) asked for twice is asked once. Never raises for a post: failures are
    statuses."""

    def __init__(self, resolver: AsyncResolver, cache: Any = None, options: HydrateOptions | None = None) -> None:
        self.resolver = resolver
        self.options = options or HydrateOptions()
        self._cache = _SafeCache(cache)
        self._tokens: Mapping[str, str] = self.options.tokens if self.options.tokens is not None else os.environ
        self._archives = tuple(ArchiveEndpoint.parse(e) for e in self.options.archive_endpoints)
        self._inflight: dict[str, asyncio.Future[Any]] = {}
        self._window = asyncio.Semaphore(resolver.options.window)  # posts under way at once (memory stays bounded)

    async def _once(self, key: str, make: Any) -> Any:
        """``await make()``, once per ``key`` in this hydrator's life (a post cited by several files is asked once);
        run in the caller's task, the others wait on its future."""
        pending = self._inflight.get(key)
        if pending is not None:
            return await asyncio.shield(pending)
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._inflight[key] = future
        try:
            result = await make()
        except BaseException as exc:
            del self._inflight[key]
            future.set_exception(exc)
            future.exception()  # mark retrieved
            raise
        future.set_result(result)
        return result

    async def status(self, c: Citation) -> Hydration | None:
        """What the platform says of ``c`` (``None`` when it has no URL to ask about)."""
        ref: PostRef | None = parse_permalink(c.url) if c.url else None
        if ref is None:
            return None
        spec = REGISTRY.get(c.platform)
        endpoint = spec.hydrate if spec is not None else None
        if endpoint is None:
            return _no_endpoint(c, spec.display_name if spec else None)
        headers: dict[str, str] = {}
        if endpoint.token_env is not None:
            token = self._tokens.get(endpoint.token_env)
            if not token:
                return Hydration("unknown", error=f"not hydrated: needs a token (${endpoint.token_env})")
            headers["Authorization"] = f"Bearer {token}"
        url = endpoint.url(ref)
        if url is None:
            return Hydration("unknown", error=f"not hydrated: {endpoint.name} cannot be asked about this post")
        key = f"hydrate:{url}"

        async def ask() -> Hydration:
            stored = self._cache.get_json(key)
            if isinstance(stored, dict):
                try:
                    return Hydration(**stored)
                except TypeError:
                    pass
            fetched = await self.resolver.fetch(url, headers=headers or None)
            h = read_answer(endpoint, c.platform, c.post_id, fetched)
            if h.status != "unknown":
                self._cache.put_json(key, h.as_dict(), TTL_STATUS)
            return h

        result: Hydration = await self._once(key, ask)
        return result

    async def snapshot(self, c: Citation, when: str | None = None) -> Snapshot | None:
        """The archived copy of ``c``'s URL closest to ``when`` (by default the date the document shows, else the
        time its id encodes), or ``None``."""
        if not c.url or not self._archives:
            return None
        when = when or c.published or c.created_at
        url = c.url
        key = f"archive:{url}|{(when or '')[:10]}"
        result: Snapshot | None = await self._once(
            key, lambda: lookup(self.resolver, self._cache, self._archives, url, when)
        )
        return result

    async def hydrate(self, c: Citation) -> Citation:
        """``c`` hydrated and archived as the options say (see :func:`apply`)."""
        try:
            h = await self.status(c) if self.options.hydrate else None
            if self.options.hydrate and h is None:
                h = Hydration("unknown", error="not hydrated: the post's URL is unknown")
            # the date the document shows, else the platform's, else the id's
            when = c.published or (h.published if h is not None and h.status == "available" else None) or c.created_at
            snap = await self.snapshot(c, when) if self.options.archive else None
            if h is None and snap is None:
                return c
            return apply(c, h, snap)
        except Exception:  # a bug on one post must not abort the scan
            logger.warning("hydrating %r failed unexpectedly", c.id, exc_info=True)
            return c

    async def hydrate_all(self, citations: Iterable[Citation]) -> tuple[Citation, ...]:
        """Every record hydrated, concurrently, in the order given."""
        items: Sequence[Citation] = list(citations)

        async def one(c: Citation) -> Citation:
            async with self._window:
                return await self.hydrate(c)

        return tuple(await asyncio.gather(*(one(c) for c in items)))
