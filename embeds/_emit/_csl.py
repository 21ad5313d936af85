"""CSL-JSON (CSL 1.0.2): the interchange format citation processors (citeproc-js, pandoc, citeproc-py, Zotero's
importer) read. One item per post, type ``post``.

Mapping: ``author`` ``{family, given}`` for a person, ``{literal}`` otherwise (the name as shown); ``title`` the post
text exactly as posted, wrapped in ``<span class="nocase">`` (so processors do not re-case it, and a leading ``.@``
is not taken for punctuation; nothing inside is escaped: pandoc prints ``&amp;`` as written, citeproc-js and pandoc
take a bare ``&`` as text);
``container-title`` the platform name; ``genre`` the post type (``Tweet``, ``Post``, …); ``issued`` the date (CSL
dates carry no time of day); ``URL`` when known; ``accessed`` when given; ``language`` when known; ``custom`` keeps
what CSL has no variable for (the record's id, platform, handle, post id, media links). ``id`` is the cite key, the
same as the BibLaTeX key and the RIS ``ID`` of the same post. There is no CSL variable for a handle.

Processors read a small HTML-like markup in these strings (``<i>``, ``<b>``, ``<sup>``, ``<span class="nocase">``…;
citeproc-py also copies any other tag into its HTML output as it is), and they do not agree on entities (pandoc
prints ``&lt;`` as written). So a ``<`` that would open or close a tag in a post's text, an author's name or the
platform name gets an invisible WORD JOINER (U+2060) after it: ``</span>`` in a post cannot close the ``nocase``
span, ``<script>`` stays text, and what readers see is unchanged. Lone surrogates (which no encoding can write)
become U+FFFD.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .._models import Citation
from .._rx import lazy_re
from ._common import (
    access_date,
    archived_url,
    citation_keys,
    date_parts,
    display_name,
    genre,
    link_url,
    media_urls,
    name_of_platform,
    one_line,
    shown_handle,
    title_of,
)

_TAG_OPEN = lazy_re(r"<(?=[A-Za-z/!?])")
_SURROGATE = lazy_re("[\ud800-\udfff]")


def _text(value: str) -> str:
    """A record's string for a CSL field: no tag can open or close in it (see the module docstring)."""
    return _TAG_OPEN.sub("<\u2060", _SURROGATE.sub("\ufffd", value))


def _date(value: str) -> dict[str, Any]:
    parts = [int(p) for p in value.split("-")]
    return {"date-parts": [parts]}


def csl_item(c: Citation, key: str | None = None) -> dict[str, Any]:
    """The CSL-JSON item for one citation; ``id`` is its cite key (``key``, or the one it has alone), the same as in
    the BibLaTeX and RIS files (the record's own id is kept in ``custom``)."""
    item: dict[str, Any] = {"id": key or citation_keys([c])[0], "type": "post"}
    a = c.author
    name = display_name(c) or shown_handle(c)
    if a.kind == "person" and a.family:
        item["author"] = [{"family": _text(a.family), **({"given": _text(a.given)} if a.given else {})}]
    elif name:
        item["author"] = [{"literal": _text(name)}]
    title = title_of(c)
    if title:
        item["title"] = f'<span class="nocase">{_text(one_line(title))}</span>'
    item["container-title"] = _text(name_of_platform(c))
    item["genre"] = genre(c)
    parts = date_parts(c)
    if parts:
        item["issued"] = {"date-parts": [list(parts)]}
    url = link_url(c)
    if url:
        item["URL"] = url
    accessed = access_date(c)
    if accessed:
        item["accessed"] = _date(accessed)
    if c.language:
        item["language"] = c.language
    custom: dict[str, Any] = {"id": c.id, "platform": c.platform}
    if a.handle:
        custom["handle"] = a.handle
    if c.post_id:
        custom["post_id"] = c.post_id
    media = media_urls(c)
    if media:
        custom["media"] = media
    if c.hydration is not None:
        custom["status"] = c.hydration.status
        if c.hydration.checked_at:
            custom["checked_at"] = c.hydration.checked_at
    archived = archived_url(c)
    if archived and c.archived is not None:  # CSL has no variable for a web-archive copy (archive_location is a
        custom["archived"] = {"url": archived, "timestamp": c.archived.timestamp}  # physical archive's: see docs)
    item["custom"] = custom
    return item


class CSLJSONEmitter:
    name: str = "csl-json"
    extensions: tuple[str, ...] = (".csl.json", ".csljson")
    streams: bool = False

    def dumps(self, citations: Sequence[Citation]) -> str:
        keys = citation_keys(citations)
        items = [csl_item(c, k) for c, k in zip(citations, keys, strict=True)]
        return json.dumps(items, ensure_ascii=False, indent=2) + "\n"

    def dump_one(self, citation: Citation) -> str:
        raise NotImplementedError("CSL-JSON is one array, written whole")
