"""A readable list for people at a terminal (the CLI's default format).

Every string from a record (text, names, URLs, file names, errors, notes) is printed on one line with control
characters, terminal escape sequences and bidirectional overrides shown escaped (``\\x1b[31m``, ``\\u202e``;
:func:`._common.clean`), so a post or a file name can neither drive the terminal nor forge a line of the list.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence

from .._models import Citation, Link
from ._common import clean


def _link_line(link: Link) -> str:
    shown = clean(link.display or link.url)
    label = f"{shown} ({clean(link.url)})" if link.display and link.display != link.url else shown
    kind = "media" if link.kind == "media" else "link"
    if link.status == "resolved":
        return f"{kind} {label} → {clean(link.resolved_url or '')}"
    if link.status == "failed":
        return f"{kind} {label} → unresolved: {clean(link.error or '')}"
    if link.status == "pending":
        return f"{kind} {label} (not resolved)"
    return f"{kind} {label}"


class TextEmitter:
    name: str = "text"
    extensions: tuple[str, ...] = (".txt",)
    streams: bool = False  # merged: one entry per post, its occurrences counted

    def dumps(self, citations: Sequence[Citation]) -> str:
        return "".join(self.dump_one(c) for c in citations)

    def dump_one(self, citation: Citation) -> str:
        c = citation
        who = (
            " ".join(x for x in (c.author.name, f"(@{c.author.handle})" if c.author.handle else None) if x)
            or "unknown author"
        )
        head = [c.platform, c.kind, who, c.published or c.date_text or "date unknown"]
        where = ""
        if c.source is not None:
            where = f"{clean(c.source.path or '<text>')}:{c.source.line}"
            if len(c.occurrences) > 1:
                where += f" (+{len(c.occurrences) - 1} more)"
        out = [f"• {clean(' · '.join(head))}", f"  {clean(c.url or 'permalink unknown')}"]
        if c.text:
            body = textwrap.shorten(clean(c.text), width=200, placeholder=" …")
            out.append(f"  “{body}”")
        tags = [f"#{h}" for h in c.hashtags] + [f"@{m}" for m in c.mentions]
        if tags:
            out.append(f"  {clean(' '.join(tags))}")
        out.extend(f"  {_link_line(link)}" for link in c.links)
        if c.created_at:
            out.append(f"  id time {clean(c.created_at)}")
        out.extend(f"  note: {clean(n)}" for n in c.notes)
        out.append(f"  found at {where}" if where else "")
        return "\n".join(line for line in out if line) + "\n\n"
