"""Emit stage, pure: citations → text in one of the output formats.

Each format is an :class:`Emitter`; :data:`EMITTERS` maps format names to them and :func:`dumps` renders with one.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .._exceptions import UnsupportedFormatError
from .._lazy import lazy
from .._models import _SURROGATES, Citation
from ._base import Emitter

if TYPE_CHECKING:
    from ._csl import csl_item
    from ._csv import COLUMNS
    from ._processor import CSLStyleEmitter, csl_bibliography
    from ._report import report
    from ._styles import STYLES, cite

__all__ = [
    "COLUMNS",
    "EMITTERS",
    "STYLES",
    "CSLStyleEmitter",
    "Emitter",
    "cite",
    "csl_bibliography",
    "csl_item",
    "dumps",
    "emitter_for",
    "format_for_path",
    "report",
]


def _style(style: str, markup: str) -> Callable[[Any], Emitter]:
    return lambda module: module.StyleEmitter(style, markup)


#: Each output format: the module of its emitter, how that module makes it, and the ``-o`` extensions that select
#: it. An emitter's module loads when the format is first asked for (a scan writing jsonl never loads the citation
#: styles); ``tests/test_emitters.py`` checks this table against the emitters themselves.
_FORMATS: dict[str, tuple[str, Callable[[Any], Emitter], tuple[str, ...]]] = {
    "text": ("._text", lambda m: m.TextEmitter(), (".txt",)),
    "json": ("._json", lambda m: m.JSONEmitter(), (".json",)),
    "jsonl": ("._json", lambda m: m.JSONLinesEmitter(), (".jsonl", ".ndjson")),
    "csl-json": ("._csl", lambda m: m.CSLJSONEmitter(), (".csl.json", ".csljson")),
    "biblatex": ("._bib", lambda m: m.BibLaTeXEmitter(), (".bib",)),
    "bibtex": ("._bib", lambda m: m.BibTeXEmitter(), (".bibtex",)),
    "ris": ("._ris", lambda m: m.RISEmitter(), (".ris",)),
    "csv": ("._csv", lambda m: m.CSVEmitter(","), (".csv",)),
    "tsv": ("._csv", lambda m: m.CSVEmitter("\t"), (".tsv", ".tab")),
    "html": ("._report", lambda m: m.HTMLReportEmitter(), (".html", ".htm")),
    "markdown": ("._markdown", lambda m: m.MarkdownEmitter(), (".md", ".markdown")),
    **{
        style + suffix: ("._styles", _style(style, markup), ())
        for style in ("apa", "mla", "chicago", "chicago-17", "chicago-author-date")
        for suffix, markup in (("", "text"), ("-md", "markdown"), ("-html", "html"))
    },
}


class _Emitters(Mapping[str, Emitter]):
    """Format name -> emitter, each made when first asked for."""

    def __init__(self) -> None:
        self._made: dict[str, Emitter] = {}

    def __getitem__(self, name: str) -> Emitter:
        made = self._made.get(name)
        if made is None:
            module, make, _ = _FORMATS[name]
            made = self._made[name] = make(importlib.import_module(module, __name__))
        return made

    def __iter__(self) -> Iterator[str]:
        return iter(_FORMATS)

    def __len__(self) -> int:
        return len(_FORMATS)

    def __repr__(self) -> str:
        return f"<output formats: {', '.join(_FORMATS)}>"


EMITTERS: Mapping[str, Emitter] = _Emitters()


def emitter_for(name: str) -> Emitter:
    """The emitter for a format name (any case: ``APA`` is ``apa``); raises :class:`UnsupportedFormatError` naming
    the choices."""
    try:
        return EMITTERS[name.lower()]
    except KeyError:
        raise UnsupportedFormatError(
            f"unknown output format {name!r}; expected one of {', '.join(sorted(EMITTERS))}"
        ) from None


def format_for_path(path: str) -> str | None:
    """The output format an ``-o`` file name implies by its extension, or ``None``."""
    lower = path.lower()
    best: tuple[int, str] | None = None
    for name, (_, _, extensions) in _FORMATS.items():
        for ext in extensions:
            if lower.endswith(ext) and (best is None or len(ext) > best[0]):
                best = (len(ext), name)
    return best[1] if best else None


def dumps(citations: Iterable[Citation], format: str = "json") -> str:
    """Render citations in ``format``: ``text``, ``json``, ``jsonl``, ``csv``, ``tsv``, ``html`` (a report page),
    ``markdown`` (a list), ``csl-json``, ``biblatex``, ``bibtex``, ``ris``, or a formatted bibliography ``apa``,
    ``mla``, ``chicago``, ``chicago-17``, ``chicago-author-date`` (plain text; add ``-md`` for Markdown, ``-html``
    for HTML). Format names are case-insensitive. A lone surrogate in a record (which no encoding can write) is
    written as U+FFFD."""
    items: Sequence[Citation] = tuple(citations)
    out = emitter_for(format).dumps(items)
    return _SURROGATES.sub("\ufffd", out) if _SURROGATES.search(out) else out


#: The other names this package exports, loaded with their module on first use.
_LAZY = {
    "COLUMNS": "._csv",
    "CSLStyleEmitter": "._processor",
    "STYLES": "._styles",
    "cite": "._styles",
    "csl_bibliography": "._processor",
    "csl_item": "._csl",
    "report": "._report",
}

__getattr__, __dir__ = lazy(__name__, _LAZY, globals(), __all__)
