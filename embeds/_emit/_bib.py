"""BibLaTeX (``@online``) and BibTeX (``@misc``) entries.

* The post text goes in double braces (``title = {{…}}``) so that no reader re-cases it (pandoc's biblatex reader
  sentence-cases English titles otherwise: ``#Russia`` → ``#russia``), with LaTeX's special characters escaped
  (``# $ % & _`` → ``\\#`` …, ``\\ ~ ^`` → ``\\textbackslash{}`` …), so no command in a post survives
  (``\\input{x}`` is printed, never run). Braces: BibTeX counts every brace, escaped or not, to find where a value
  ends, so a pair ``{…}`` in the text is written ``\\{…\\}`` and a brace without its partner
  ``\\textbraceleft{}``/``\\textbraceright{}`` (LaTeX prints it; pandoc 2.17's reader does not know these commands
  and drops the character): the file always parses, every field kept. Every value is one line, control characters
  shown escaped (``\\x1b``). URLs are printed only when http(s), percent-encoded where unsafe.
* A person is ``{Family, Given}`` (an ``and`` or a comma inside a part is braced, so it never splits or inverts
  the name); an organization, or an author not known to be a person, is double-braced as
  shown (``{{Department of State}}``), so it is never inverted into "State, D. o.".
* The handle goes in a biblatex data annotation (``author+an:username = {1="@handle"}``, as biblatex-apa's
  test data does); BibTeX has no place for it and gets ``note = {Tweet by @handle}``.
* The platform goes in ``journaltitle`` and the post type in ``type`` (BibTeX: ``howpublished``), the fields the
  importers map: pandoc's biblatex reader makes them CSL ``container-title`` and ``genre`` (``titleaddon`` it
  appends to the title, and ``@online`` it reads as a ``webpage`` whatever the fields, as no biblatex type maps to
  CSL's ``post``), and Zotero's BibTeX import reads ``journaltitle`` as the publication title and ``type`` as the
  item type. ``langid`` says the post's language when known (``english``; pandoc: ``language``). The date is the
  post's date (``date = {2022-01-26}``; BibTeX ``year``/``month``). ``url`` when known; ``urldate`` when an access
  date is given.
* Keys are ``<family or handle><year><first word of 5+ letters>`` in ASCII, made unique with ``a``, ``b``, …
  (:func:`._common.citation_keys`): the same keys as the CSL-JSON ``id`` and the RIS ``ID``.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from .._models import Citation
from .._rx import lazy_regex
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

_SPECIAL = lazy_regex(r"[\\{}#$%&_~^]")
_REPLACE = {
    "\\": r"\textbackslash{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
}
_NAME_BREAKS = lazy_regex(r"(?i)(?<=\s|^)and(?=\s|$)|,")
MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _paired_braces(text: str) -> set[int]:
    """The offsets of the braces in ``text`` that have a partner (``{`` before its ``}``, properly nested)."""
    paired: set[int] = set()
    open_at: list[int] = []
    for i, ch in enumerate(text):
        if ch == "{":
            open_at.append(i)
        elif ch == "}" and open_at:
            paired.update((open_at.pop(), i))
    return paired


def latex_escape(text: str) -> str:
    """``text`` cleaned to one line and LaTeX's special characters escaped (braces as the module docstring says);
    everything else (Unicode included) as it is."""
    text = clean(text)
    paired = _paired_braces(text)

    def escape(m: regex.Match[str]) -> str:
        ch = m.group()
        if ch in "{}" and m.start() in paired:
            return "\\" + ch
        return _REPLACE.get(ch, "\\" + ch)

    return _SPECIAL.sub(escape, text)


def _name_part(text: str) -> str:
    """One part of a person's name, escaped, with ``and`` and commas braced (BibTeX splits names on them)."""
    return _NAME_BREAKS.sub(lambda m: "{" + m.group() + "}", latex_escape(text))


#: biblatex ``langid`` (babel/polyglossia names, which pandoc and biber read) for the languages posts carry.
LANGIDS = {
    "da": "danish",
    "de": "ngerman",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "it": "italian",
    "ja": "japanese",
    "nl": "dutch",
    "no": "norsk",
    "pl": "polish",
    "pt": "portuguese",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
    "uk": "ukrainian",
}


def langid(c: Citation) -> str | None:
    """The biblatex ``langid`` for the post's language (``en`` → ``english``), or ``None`` when unknown."""
    return LANGIDS.get((c.language or "").split("-")[0].lower()) if c.language else None


def _author(c: Citation) -> str | None:
    a = c.author
    if a.kind == "person" and a.family:
        return f"{_name_part(a.family)}, {_name_part(a.given)}" if a.given else f"{{{latex_escape(a.family)}}}"
    name = display_name(c) or shown_handle(c)
    return f"{{{latex_escape(name)}}}" if name else None


def _entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    body = "".join(f"  {name} = {value},\n" for name, value in fields)
    return f"@{kind}{{{key},\n{body}}}\n"


def biblatex_entry(c: Citation, key: str) -> str:
    """The ``@online`` entry for one citation."""
    fields: list[tuple[str, str]] = []
    author = _author(c)
    if author:
        fields.append(("author", f"{{{author}}}"))
        handle = shown_handle(c)
        if handle and (display_name(c) or c.author.kind == "person"):
            escaped = latex_escape(handle).replace('"', r"\textquotedbl{}")
            fields.append(("author+an:username", f'{{1="{escaped}"}}'))
    title = title_of(c)
    if title:
        fields.append(("title", f"{{{{{latex_escape(title)}}}}}"))
    fields.append(("journaltitle", f"{{{latex_escape(name_of_platform(c))}}}"))
    fields.append(("type", f"{{{latex_escape(genre(c))}}}"))
    parts = date_parts(c)
    if parts:
        fields.append(("date", "{" + "-".join(f"{p:02d}" for p in parts) + "}"))
    url = link_url(c)
    if url:
        fields.append(("url", f"{{{url}}}"))
    accessed = access_date(c)
    if accessed:
        fields.append(("urldate", f"{{{accessed}}}"))
    archived = archived_url(c)
    if archived and c.archived is not None:  # biblatex has no archive field: addendum is printed after the entry
        when = c.archived.timestamp[:10]
        fields.append(("addendum", f"{{Archived at {latex_escape(archived)} ({when})}}"))
    lang = langid(c)
    if lang:
        fields.append(("langid", f"{{{lang}}}"))
    return _entry("online", key, fields)


def bibtex_entry(c: Citation, key: str) -> str:
    """The ``@misc`` entry for one citation."""
    fields: list[tuple[str, str]] = []
    author = _author(c)
    if author:
        fields.append(("author", f"{{{author}}}"))
    title = title_of(c)
    if title:
        fields.append(("title", f"{{{{{latex_escape(title)}}}}}"))
    fields.append(("howpublished", f"{{{latex_escape(name_of_platform(c))}}}"))
    parts = date_parts(c)
    if parts:
        fields.append(("year", f"{{{parts[0]}}}"))
    if len(parts) > 1:
        fields.append(("month", MONTH_MACROS[parts[1] - 1]))
    handle = shown_handle(c)
    note = genre(c) + (f" by {handle}" if handle else "")
    fields.append(("note", f"{{{latex_escape(note)}}}"))
    url = link_url(c)
    if url:
        fields.append(("url", f"{{{url}}}"))
    accessed = access_date(c)
    if accessed:
        fields.append(("urldate", f"{{{accessed}}}"))
    return _entry("misc", key, fields)


class BibLaTeXEmitter:
    name: str = "biblatex"
    extensions: tuple[str, ...] = (".bib",)
    streams: bool = False

    def dumps(self, citations: Sequence[Citation]) -> str:
        keys = citation_keys(citations)
        return "\n".join(biblatex_entry(c, k) for c, k in zip(citations, keys, strict=True))

    def dump_one(self, citation: Citation) -> str:
        raise NotImplementedError("keys are made unique across the whole file; write it whole")


class BibTeXEmitter:
    name: str = "bibtex"
    extensions: tuple[str, ...] = (".bibtex",)
    streams: bool = False

    def dumps(self, citations: Sequence[Citation]) -> str:
        keys = citation_keys(citations)
        return "\n".join(bibtex_entry(c, k) for c, k in zip(citations, keys, strict=True))

    def dump_one(self, citation: Citation) -> str:
        raise NotImplementedError("keys are made unique across the whole file; write it whole")
