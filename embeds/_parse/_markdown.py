"""Markdown through markdown-it-py (CommonMark), with raw HTML kept for the HTML path.

Most of markdown-it's time goes to inline parsing, and most paragraphs hold nothing a post could hide in (no URL,
no link, no HTML). So the document is parsed at block level only (:func:`parse_markdown`: block tokens with their
line ``map``, inline tokens with their ``content`` but no children), and the inline syntax of a block is parsed when
it may hold a link (:func:`parse_inline`), with the document's link reference definitions.

markdown-it loads with the first Markdown document: a scan of HTML or text never needs it.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    # commonmark preset: raw HTML blocks are kept as html_block tokens; linkify is not needed (we find bare URLs
    # ourselves, with offsets).
    return MarkdownIt("commonmark")


@lru_cache(maxsize=1)
def _block_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable("inline")


def parse_markdown(text: str, env: dict[str, Any] | None = None) -> list[Token]:
    """The block tokens of a Markdown document (``map``: source line range); inline tokens keep their ``content``
    and get no children. ``env`` collects the link reference definitions (for :func:`parse_inline`)."""
    return _block_parser().parse(text, {} if env is None else env)


def parse_inline(content: str, env: dict[str, Any]) -> list[Token]:
    """The inline tokens (links, text, inline HTML, …) of one block's ``content``."""
    tokens = _parser().parseInline(content, env)
    return (tokens[0].children or []) if tokens else []
