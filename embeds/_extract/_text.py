"""Posts in plain text: permalinks written out (flattened embeds are in :mod:`._attribution`)."""

from __future__ import annotations

from .._models import Citation
from .._parse import Lines
from ._build import build
from ._entities import URL, _trim_url
from ._permalinks import parse_permalink


def extract_permalinks(doc: str, lines: Lines, path: str | None) -> list[Citation]:
    """Post permalinks written in ``doc`` as bare URLs."""
    found: list[Citation] = []
    for m in URL.finditer(doc):
        url = _trim_url(m.group())
        ref = parse_permalink(url)
        if ref is None:
            continue
        found.append(
            build(
                platform=ref.platform,
                kind="link",
                method="permalink",
                doc=doc,
                lines=lines,
                path=path,
                start=m.start(),
                end=m.start() + len(url),
                ref=ref,
                links=[],
            )
        )
    return found
