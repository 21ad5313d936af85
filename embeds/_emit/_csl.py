"""CSL-JSON (CSL 1.0.2): the interchange format citation processors (citeproc-js, pandoc, citeproc-py, Zotero's
importer) read. One item per post, type ``post``.

Mapping: ``author`` ``{family, given}`` for a person, ``{literal}`` otherwise (the name as shown); ``title`` the post
text exactly as posted, wrapped in ``<span class="nocase">`` (so processors do not re-case it, and a leading ``.@``
is not taken for punctuation; nothing inside is escaped: pandoc prints ``&amp;`` as written, citeproc-js and pandoc
take a bare ``&`` as text);
``container-title`` the platform name; ``genre`` the post type (``Tweet``, ``Post``, …); ``issued`` the date (CSL
dates carry no time of day); ``URL`` when known; ``accessed`` when given; ``custom`` keeps what CSL has no variable
for (platform, handle, post id, media links). There is no CSL variable for a handle.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .._models import Citation
from ._common import date_parts, genre, link_url, media_urls, name_of_platform


def _date(value: str) -> dict[str, Any]:
    parts = [int(p) for p in value[:10].split("-") if p.isdigit()]
    return {"date-parts": [parts]}


def csl_item(c: Citation) -> dict[str, Any]:
    """The CSL-JSON item for one citation."""
    item: dict[str, Any] = {"id": c.id, "type": "post"}
    a = c.author
    if a.kind == "person" and a.family:
        item["author"] = [{"family": a.family, **({"given": a.given} if a.given else {})}]
    elif a.name or a.handle:
        item["author"] = [{"literal": a.name or f"@{a.handle}"}]
    if c.text:
        item["title"] = f'<span class="nocase">{c.text}</span>'
    item["container-title"] = name_of_platform(c)
    item["genre"] = genre(c)
    parts = date_parts(c)
    if parts:
        item["issued"] = {"date-parts": [list(parts)]}
    url = link_url(c)
    if url:
        item["URL"] = url
    if c.accessed:
        item["accessed"] = _date(c.accessed)
    custom: dict[str, Any] = {"platform": c.platform}
    if a.handle:
        custom["handle"] = a.handle
    if c.post_id:
        custom["post_id"] = c.post_id
    media = media_urls(c)
    if media:
        custom["media"] = media
    item["custom"] = custom
    return item


class CSLJSONEmitter:
    name: str = "csl-json"
    extensions: tuple[str, ...] = (".csl.json", ".csljson")
    streams: bool = False

    def dumps(self, citations: Sequence[Citation]) -> str:
        return json.dumps([csl_item(c) for c in citations], ensure_ascii=False, indent=2) + "\n"

    def dump_one(self, citation: Citation) -> str:
        raise NotImplementedError("CSL-JSON is one array, written whole")
