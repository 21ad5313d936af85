"""One record per post: the records of the same post merged, wherever they were found.

Used by extraction (a post found several times in one document: its embed markup and the flattened text around it,
an iframe and its ``<noscript>`` copy, a permalink to it) and by normalization (the same post cited by several
documents). Pure.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from .._models import Citation, Source
from ..platforms import MISSING_DATE, MISSING_TEXT, parse_permalink

#: Fields a record takes from another record of the same post when it has none.
FILL = (
    "url",
    "post_id",
    "published",
    "date_text",
    "text",
    "created_at",
    "language",
    "quoted",
    "cid",
    "hydration",
    "archived",
    "provenance",
    "title",
)


def merge(group: Sequence[Citation]) -> Citation:
    """Records of one post, in the order found: one record with the fuller fields and every occurrence.

    The fields are folded pairwise (:func:`merge_two`); the occurrences are gathered once (a post repeated thousands
    of times stays linear), ordered by document (in order of first appearance), then by offset."""
    combined = group[0]
    for other in group[1:]:
        combined = merge_two(combined, other)
    documents: dict[str | None, int] = {}
    for c in group:
        for s in c.occurrences:
            documents.setdefault(s.path, len(documents))

    def order(s: Source) -> tuple[int, int, int]:
        return documents[s.path], s.start, -s.end

    occurrences = tuple(sorted({s for c in group for s in c.occurrences}, key=order))
    return dataclasses.replace(combined, occurrences=occurrences, source=occurrences[0])


def _names_author(url: str | None) -> bool:
    ref = parse_permalink(url) if url else None
    return ref is not None and ref.handle is not None


def merge_two(first: Citation, other: Citation) -> Citation:
    """Two records of the same post: an embed's record is the base (a link's only fills in); each field the base
    lacks is taken from the other; a permalink naming the author is preferred to one that does not
    (``/i/web/status/ID``); hashtags and mentions go with the text they are in; the notes that a field is missing
    are dropped once it is found. Occurrences are left to :func:`merge`."""
    base, extra = (first, other) if (first.kind == "embed" or other.kind != "embed") else (other, first)
    fields: dict[str, object] = {}
    for f in FILL:
        if getattr(base, f) is None and getattr(extra, f) is not None:
            fields[f] = getattr(extra, f)
    if base.url and extra.url and base.url != extra.url and not _names_author(base.url) and _names_author(extra.url):
        fields["url"] = extra.url
    author = base.author
    if author.name is None and extra.author.name is not None:
        author = dataclasses.replace(author, name=extra.author.name)
    if author.handle is None and extra.author.handle is not None:
        author = dataclasses.replace(author, handle=extra.author.handle)
    if author is not base.author:
        fields["author"] = author
    if not base.links and extra.links:
        fields["links"] = extra.links
    if (not base.links and extra.links) or "text" in fields:  # hashtags and mentions go with the text they are in
        fields["hashtags"] = extra.hashtags
        fields["mentions"] = extra.mentions
    text_now = base.text is not None or "text" in fields
    date_now = base.date_text is not None or "date_text" in fields
    notes = tuple(
        n
        for n in dict.fromkeys(base.notes + extra.notes)
        if not (text_now and n.endswith(MISSING_TEXT)) and not (date_now and n.endswith(MISSING_DATE))
    )
    return dataclasses.replace(base, notes=notes, **fields)  # type: ignore[arg-type]
