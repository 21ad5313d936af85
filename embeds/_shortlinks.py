"""Short links on their own: a ``t.co``, ``pic.twitter.com`` or other shortener link written in a document outside any
post is followed, and when it lands on a post's permalink, that post is cited (``kind="link"``), with the short link
kept as how the document cited it (``links[0]``: the short URL, its resolution) and its span (method ``shortlink``).

Two pure steps around the resolver: :func:`short_link_candidates` finds the links (after extraction; the document
and its posts given), :func:`cite_short_links` turns the resolved ones into citations. A link that does not resolve,
or resolves to a page that is not a post, cites nothing.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_right
from collections.abc import Iterable, Mapping

from ._extract._build import build, citation_id, link_for
from ._extract._entities import URL, _trim_url
from ._models import Author, Citation
from ._parse import Lines
from ._resolve import Resolution, cache_key, needs_resolving
from ._rx import lazy_regex
from .platforms import id_time, parse_permalink

#: ``pic.twitter.com/X`` written without a scheme (what an embed's text shows).
PIC = lazy_regex(r"(?<![\w./-])(?i:pic\.(?:twitter|x)\.com)/[A-Za-z0-9]+")
NOTE = "cited by a short link that resolves to the post"


def short_link_candidates(text: str, citations: Iterable[Citation], path: str | None = None) -> tuple[Citation, ...]:
    """The short links of ``text`` outside the spans of ``citations`` (the posts extracted from it), each as a
    provisional record (platform ``web``, method ``shortlink``) for :func:`cite_short_links`."""
    spans = sorted((s.start, s.end) for c in citations for s in c.occurrences)
    starts = [s for s, _ in spans]
    reach: list[int] = []
    for _, e in spans:
        reach.append(max(e, reach[-1]) if reach else e)

    def inside(start: int, end: int) -> bool:
        k = bisect_right(starts, start)
        return k > 0 and reach[k - 1] >= end

    hits = [(m.start(), _trim_url(m.group())) for m in URL.finditer(text)]
    if "pic." in text:
        hits.extend((m.start(), m.group()) for m in PIC.finditer(text))
        hits.sort()
    lines = Lines(text)
    found: list[Citation] = []
    seen_at: set[int] = set()
    for start, url in hits:
        end = start + len(url)
        if start in seen_at or inside(start, end):
            continue
        link = link_for(url, url)
        if not needs_resolving(link.url):
            continue
        seen_at.add(start)
        found.append(
            build(
                platform="web",
                kind="link",
                method="shortlink",
                doc=text,
                lines=lines,
                path=path,
                start=start,
                end=end,
                links=[link],
            )
        )
    return tuple(found)


def cite_short_links(candidates: Iterable[Citation], resolutions: Mapping[str, Resolution]) -> list[Citation]:
    """The posts the candidates' short links resolve to, one citation per candidate that lands on a permalink."""
    cited: list[Citation] = []
    for c in candidates:
        link = c.links[0]
        r = resolutions.get(link.url) or resolutions.get(cache_key(link.url))
        if r is None or r.error is not None or not r.final_url:
            continue
        ref = parse_permalink(r.final_url)
        if ref is None or not ref.post_id:
            continue
        cited.append(
            dataclasses.replace(
                c,
                id=citation_id(ref.platform, ref.post_id, None, None, None),
                platform=ref.platform,
                url=ref.url or None,
                post_id=ref.post_id,
                author=Author(handle=ref.handle),
                created_at=id_time(ref.platform, ref.post_id),
                links=(dataclasses.replace(link, resolved_url=r.final_url, status="resolved", error=None),),
                notes=(NOTE,),
            )
        )
    return cited
