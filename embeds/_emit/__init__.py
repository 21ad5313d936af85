"""Emit stage, pure: citations → text in one of the output formats.

Each format is an :class:`Emitter`; :data:`EMITTERS` maps format names to them and :func:`dumps` renders with one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .._exceptions import UnsupportedFormatError
from .._models import _SURROGATES, Citation
from ._base import Emitter
from ._bib import BibLaTeXEmitter, BibTeXEmitter
from ._csl import CSLJSONEmitter, csl_item
from ._csv import COLUMNS, CSVEmitter
from ._json import JSONEmitter, JSONLinesEmitter
from ._markdown import MarkdownEmitter
from ._processor import CSLStyleEmitter, csl_bibliography
from ._report import HTMLReportEmitter, report
from ._ris import RISEmitter
from ._styles import STYLE_EMITTERS, STYLES, cite
from ._text import TextEmitter

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

_ALL: tuple[Emitter, ...] = (
    TextEmitter(),
    JSONEmitter(),
    JSONLinesEmitter(),
    CSLJSONEmitter(),
    BibLaTeXEmitter(),
    BibTeXEmitter(),
    RISEmitter(),
    CSVEmitter(","),
    CSVEmitter("\t"),
    HTMLReportEmitter(),
    MarkdownEmitter(),
    *STYLE_EMITTERS,
)
EMITTERS: dict[str, Emitter] = {e.name: e for e in _ALL}


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
    for e in EMITTERS.values():
        for ext in e.extensions:
            if lower.endswith(ext) and (best is None or len(ext) > best[0]):
                best = (len(ext), e.name)
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
