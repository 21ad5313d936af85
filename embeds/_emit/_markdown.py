"""A Markdown list of the posts (``-f markdown``, ``-o posts.md``): what the text format shows, as Markdown. Pure.

Every value from a record is escaped as the ``-md`` bibliographies escape it (no link, raw HTML, TeX, citation or
math can come out of a post), one line each; only http(s) URLs are linked.
"""

from __future__ import annotations

from collections.abc import Sequence

from .._models import Citation, Link
from ._common import clean, safe_url
from ._styles import _escape_md, _escape_md_block_start


def _md(text: str | None) -> str:
    return _escape_md(clean(text or ""))


def _url(url: str | None) -> str:
    safe = safe_url(url)
    return f"<{safe}>" if safe else (_md(url) if url else "")


def _link(link: Link) -> str:
    shown = _url(link.url)
    if link.status == "resolved":
        return f"{shown} → {_url(link.resolved_url)}"
    if link.status == "failed":
        return f"{shown} → unresolved: {_md(link.error)}"
    if link.status == "pending":
        return f"{shown} (not resolved)"
    return shown


class MarkdownEmitter:
    name: str = "markdown"
    extensions: tuple[str, ...] = (".md", ".markdown")
    streams: bool = False

    def dumps(self, citations: Sequence[Citation]) -> str:
        return "".join(self.dump_one(c) for c in citations)

    def dump_one(self, citation: Citation) -> str:
        c = citation
        who = " ".join(x for x in (_md(c.author.name), f"(\\@{_md(c.author.handle)})" if c.author.handle else "") if x)
        head = " · ".join(
            x
            for x in (_md(c.platform_name or c.platform), who or "unknown author", _md(c.published or c.date_text))
            if x
        )
        out = [f"- **{head}**"]
        out.append(f"  {_url(c.url)}" if c.url and safe_url(c.url) else "  permalink unknown")
        if c.text:
            out.append(f"  > {_escape_md_block_start(_md(c.text))}")
        out.extend(f"  - {_link(link)}" for link in c.links)
        out.extend(f"  - note: {_md(n)}" for n in c.notes)
        if c.source is not None:
            more = f" (+{len(c.occurrences) - 1} more)" if len(c.occurrences) > 1 else ""
            out.append(f"  - found at {_md(c.source.path or '<text>')}:{c.source.line}{more}")
        return "\n".join(out) + "\n\n"
