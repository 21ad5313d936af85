"""RIS, as Zotero exports a forum post (``TY  - ICOMM``; the RIS type list has nothing closer, and Zotero reads
it back). Lines end with CR LF, as the format wants; one tag a line, text on one line.

Tags: ``TY`` type, ``ID`` the citation id, ``AU`` the author (``Family, Given`` for a person, the name as shown
otherwise), ``TI`` the post text, ``T2`` the platform, ``M3`` the post type, ``DA``/``PY`` the date, ``UR`` the URL
when known, ``Y2`` the access date when given, ``N1`` the handle (RIS has no field for one), ``ER`` the end.

Every value is one line whatever the record holds (line breaks of any kind made spaces, control characters shown
escaped, :func:`._common.clean`), so no value can start a tag line of its own; ``UR`` is printed only for http(s).
"""

from __future__ import annotations

from collections.abc import Sequence

from .._models import Citation
from ._common import access_date, archived_url, clean, date_parts, genre, link_url, name_of_platform

EOL = "\r\n"


def ris_record(c: Citation) -> str:
    """The RIS record for one citation, followed by a blank line."""
    lines: list[tuple[str, str]] = [("TY", "ICOMM"), ("ID", c.id)]
    a = c.author
    if a.kind == "person" and a.family:
        lines.append(("AU", f"{a.family}, {a.given}" if a.given else a.family))
    elif a.name or a.handle:
        lines.append(("AU", a.name or f"@{a.handle}"))
    if c.text:
        lines.append(("TI", c.text))
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
    if a.handle:
        lines.append(("N1", f"@{a.handle}"))
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {clean(value)}{EOL}" for tag, value in lines) + EOL


class RISEmitter:
    name: str = "ris"
    extensions: tuple[str, ...] = (".ris",)
    # one entry per post across every file (written per file, a post cited by several files came once from each)
    streams: bool = False

    def dumps(self, citations: Sequence[Citation]) -> str:
        return "".join(self.dump_one(c) for c in citations)

    def dump_one(self, citation: Citation) -> str:
        return ris_record(citation)
