"""Markdown through markdown-it-py (CommonMark), with raw HTML kept for the HTML path."""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    # commonmark preset: raw HTML blocks are kept as html_block tokens; linkify is not needed (we find bare URLs
    # ourselves, with offsets).
    return MarkdownIt("commonmark")


def parse_markdown(text: str) -> list[Token]:
    """The block and inline tokens of a Markdown document; block tokens carry ``map`` (source line range)."""
    return _parser().parse(text)
