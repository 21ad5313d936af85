"""Normalize stage, pure: apply link resolutions to citations and merge the citations of the same post.

* Each link gets its outcome: ``direct`` (not a short link), ``resolved`` (with ``resolved_url``) or ``failed``
  (with ``error``); links not looked up stay ``pending``.
* A Twitter/X post whose media link resolves to its own status URL (``pic.twitter.com/X`` → ``t.co/X`` →
  ``twitter.com/{handle}/status/{id}/photo/1``) learns its id and canonical URL from it.
* Citations with the same id become one, keeping every occurrence (``occurrences``) in document order.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from ._extract._build import citation_id
from ._extract._ids import id_time
from ._extract._permalinks import parse_permalink
from ._models import Citation, Link
from ._resolve import Resolution, cache_key, needs_resolving


def _apply(link: Link, resolutions: Mapping[str, Resolution]) -> Link:
    if not needs_resolving(link.url):
        return dataclasses.replace(link, status="direct")
    r = resolutions.get(link.url) or resolutions.get(cache_key(link.url))
    if r is None:
        return link
    if r.error is None:
        return dataclasses.replace(link, resolved_url=r.final_url, status="resolved", error=None)
    return dataclasses.replace(link, resolved_url=None, status="failed", error=r.error)


def _learn_id(c: Citation) -> Citation:
    """Fill a post's id and URL from a media link that resolved to the post's own status URL."""
    if c.post_id is not None or c.platform != "twitter":
        return c
    for link in c.links:
        if link.kind != "media" or not link.resolved_url:
            continue
        ref = parse_permalink(link.resolved_url)
        if ref is None or ref.platform != "twitter":
            continue
        if c.author.handle and ref.handle and ref.handle.lower() != c.author.handle.lower():
            continue
        return dataclasses.replace(
            c,
            id=citation_id("twitter", ref.post_id, None, None, None),
            post_id=ref.post_id,
            url=ref.url,
            created_at=id_time("twitter", ref.post_id),
        )
    return c


def apply_resolutions(citation: Citation, resolutions: Mapping[str, Resolution]) -> Citation:
    """``citation`` with each link's resolution applied (and the post id learnt from a media link when possible)."""
    links = tuple(_apply(link, resolutions) for link in citation.links)
    return _learn_id(dataclasses.replace(citation, links=links))


def _merge(first: Citation, other: Citation) -> Citation:
    """Two records of the same post: keep the fuller record's fields, all occurrences."""
    base, extra = (first, other) if (first.kind == "embed" or other.kind != "embed") else (other, first)
    fields = {}
    for f in ("url", "post_id", "published", "date_text", "text", "created_at"):
        if getattr(base, f) is None and getattr(extra, f) is not None:
            fields[f] = getattr(extra, f)
    if base.author.name is None and extra.author.name is not None:
        fields["author"] = dataclasses.replace(base.author, name=extra.author.name)
    if not base.links and extra.links:
        fields["links"] = extra.links
    occurrences = first.occurrences + tuple(o for o in other.occurrences if o not in first.occurrences)
    notes = base.notes + tuple(n for n in extra.notes if n not in base.notes)
    return dataclasses.replace(base, occurrences=occurrences, notes=notes, source=occurrences[0], **fields)


def normalize(
    citations: Iterable[Citation], resolutions: Mapping[str, Resolution] | None = None
) -> tuple[Citation, ...]:
    """One record per distinct post, in order of first appearance, with link resolutions applied."""
    merged: dict[str, Citation] = {}
    for c in citations:
        c = apply_resolutions(c, resolutions or {})
        seen = merged.get(c.id)
        merged[c.id] = c if seen is None else _merge(seen, c)
    return tuple(merged.values())
