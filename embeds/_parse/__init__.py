"""Parse stage: decide a document's format and give the extractors a structure with offsets into the text.

* text — the text itself (lines with their offsets);
* markdown — markdown-it-py tokens (each block maps back to its source lines);
* html — an offset-keeping element tree (:mod:`embeds._parse._html` reads it into :mod:`embeds._parse._tree`).
"""

from __future__ import annotations

import regex

from .._exceptions import UnsupportedFormatError
from .._rx import lazy_regex
from .._types import Format
from ._html import parse_html
from ._lines import Lines
from ._markdown import parse_inline, parse_markdown
from ._tree import Element, Text

__all__ = ["FORMATS", "Element", "Lines", "Text", "detect_format", "parse_html", "parse_inline", "parse_markdown"]

FORMATS: tuple[Format, ...] = ("text", "markdown", "html")

_EXTENSIONS: dict[str, Format] = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdown": "markdown",
    ".mkd": "markdown",
    ".txt": "text",
    ".text": "text",
}

_HTML_SNIFF = lazy_regex(
    r"<(?:!doctype\s+html|html|head|body|p|div|blockquote|iframe|article|script|a\s+href)\b", regex.IGNORECASE
)
_MARKDOWN_SNIFF = lazy_regex(
    r"(?m)^(?:\#{1,6}\s|>\s|```|[-*+]\s+\S)|\[[^\]\n]+\]\([^)\s]+\)",
)


def check_format(value: str) -> Format:
    """Return ``value`` as a :data:`Format`, or raise :class:`UnsupportedFormatError`."""
    for f in FORMATS:
        if value == f:
            return f
    raise UnsupportedFormatError(f"unknown input format {value!r}; expected one of {', '.join(FORMATS)}")


def detect_format(text: str, path: str | None = None) -> Format:
    """The format of a document: from the path's extension when it has a known one, else sniffed from the text."""
    if path:
        dot = path.rfind(".")
        if dot != -1 and "/" not in path[dot:]:
            fmt = _EXTENSIONS.get(path[dot:].lower())
            if fmt is not None:
                return fmt
    head = text[:4096]
    if _HTML_SNIFF.search(head):
        return "html"
    if _MARKDOWN_SNIFF.search(head):
        return "markdown"
    return "text"
