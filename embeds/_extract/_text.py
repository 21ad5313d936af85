"""Posts in plain text: permalinks written out (flattened embeds are in :mod:`._attribution`)."""

from __future__ import annotations

from .._models import Citation
from .._parse import Lines
from .._rx import lazy_regex
from ..platforms import parse_permalink
from ..platforms.bluesky import AT_URI
from ._build import permalink
from ._entities import URL, _trim_url

AT_URI_TEXT = lazy_regex(r"\bat://[A-Za-z0-9:._%-]+/app\.bsky\.feed\.post/[A-Za-z0-9._:~-]+")


def extract_permalinks(doc: str, lines: Lines, path: str | None) -> list[Citation]:
    """Post permalinks written in ``doc`` as bare URLs."""
    found: list[Citation] = []
    matches = [(m.start(), _trim_url(m.group())) for m in URL.finditer(doc)]
    if "at://" in doc:
        matches += [(m.start(), _trim_url(m.group())) for m in AT_URI_TEXT.finditer(doc) if AT_URI.match(m.group())]
        matches.sort()
    for start, url in matches:
        ref = parse_permalink(url)
        if ref is None:
            continue
        found.append(permalink(ref, doc, lines, path, start, start + len(url)))
    return found
