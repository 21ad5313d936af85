"""RIS, as Zotero exports a forum post (``TY  - ICOMM``; the RIS type list has nothing closer). Zotero's RIS export
calls this mapping lossy, and its RIS import reads ``ICOMM`` back as an *email*, not a forum post: for a round trip
into Zotero use the CSL-JSON or BibLaTeX file. Lines end with CR LF, as the format wants; one tag a line, text on one
line. The file is written whole, one record per post (keys are unique across it).

Tags: ``TY`` type, ``ID`` the cite key (the same as the BibLaTeX key and the CSL-JSON ``id``), ``AU`` the author
(``Family, Given`` for a person, the name as shown otherwise), ``TI`` the post text, ``T2`` the platform, ``M3`` the
post type, ``DA``/``PY`` the date, ``UR`` the URL when known, ``Y2`` the access date when given, ``LA`` the language
when known, ``N1`` the handle (RIS has no field for one), ``ER`` the end.

Every value is one line whatever the record holds (line breaks of any kind made spaces, control characters shown
escaped, :func:`._common.clean`), so no value can start a tag line of its own; ``UR`` is printed only for http(s).
"""

from __future__ import annotations

from collections.abc import Sequence

from .._models import Citation
from ._common import (
    access_date,
    archived_url,
    citation_keys,
    clean,
    date_parts,
    display_name,
    genre,
    link_url,
    name_of_platform,
    shown_handle,
    title_of,
)

EOL = "\r\n"


def ris_record(c: Citation, key: str | None = None) -> str:
    """The RIS record for one citation (``ID`` its cite key: ``key``, or the one it has alone), then a blank line."""
    lines: list[tuple[str, str]] = [("TY", "ICOMM"), ("ID", key or citation_keys([c])[0])]
    a = c.author
    name = display_name(c) or shown_handle(c)
    if a.kind == "person" and a.family:
        lines.append(("AU", f"{a.family}, {a.given}" if a.given else a.family))
    elif name:
        lines.append(("AU", name))
    title = title_of(c)
    if title:
        lines.append(("TI", title))
    lines.append(("T2", name_of_platform(c)))
    lines.append(("M3", genre(c)))
    parts = date_parts(c)
    if parts:
        padded = [f"{parts[0]:04d}", *(f"{p:02d}" for p in parts[1:])]
        lines.append(("DA", "/".join(padded + [""] * (3 - len(padded))) + "/"))
        lines.append(("PY", padded[0]))
    url = link_url(c)
    if url:
        lines.append(("UR", url))
    accessed = access_date(c)
    if accessed:
        lines.append(("Y2", accessed.replace("-", "/")))
    archived = archived_url(c)
    if archived:  # a link attachment (Zotero imports L2 as a linked URL: the snapshot)
        lines.append(("L2", archived))
    if c.language:
        lines.append(("LA", c.language))
    handle = shown_handle(c)
    if handle:
        lines.append(("N1", handle))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {clean(value)}{EOL}" for tag, value in lines) + EOL


class RISEmitter:
    name: str = "ris"
    extensions: tuple[str, ...] = (".ris",)
    # one entry per post across every file (written per file, a post cited by several files came once from each),
    # keys unique across the file: written whole
    streams: bool = False

    def dumps(self, citations: Sequence[Citation]) -> str:
        keys = citation_keys(citations)
        return "".join(ris_record(c, k) for c, k in zip(citations, keys, strict=True))

    def dump_one(self, citation: Citation) -> str:
        raise NotImplementedError("keys are made unique across the whole file; write it whole")
