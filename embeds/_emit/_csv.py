"""CSV and TSV: one row per post, for spreadsheets, pandas and R. Pure.

The columns, in this order (:data:`COLUMNS`; later versions add columns at the end, never rename or reorder one):

======================  =====================================================================================
``id``                  the record's stable id
``platform``            ``twitter``, ``bluesky``, …
``platform_name``       the name citations print (``Twitter``, ``X``, …)
``kind``                ``embed`` or ``link``
``url``                 canonical permalink, empty when unknown
``post_id``             the post id (a string), empty when unknown
``author_name``         display name as shown
``author_handle``       handle without ``@``
``author_kind``         ``person``, ``organization`` or empty
``published``           ISO 8601 date or date-time
``date_text``           the date as written
``created_at``          the time the post id encodes
``text``                the post's text (line breaks kept; the cell is quoted)
``language``            the language the markup declares
``hashtags``            without ``#``, joined by ``|``
``mentions``            without ``@``, joined by ``|``
``links``               each link's URL, joined by ``|``
``links_final``         where each link leads (same order; empty item when not resolved)
``links_status``        ``pending``/``direct``/``resolved``/``failed`` per link (same order)
``path``                the file of the first occurrence
``line``                its line
``method``              how it was recognised
``occurrences``         how many places cite the post
``notes``               remarks, joined by ``|``
``quoted``              the id of a post this one quotes
``cid``                 Bluesky content id
``accessed``            the access date given
``hydration_status``    what the platform said when asked (``--hydrate``): ``available``, ``deleted or private``, …
``archived_url``        the web-archive snapshot closest to the post's date (``--archive``)
======================  =====================================================================================

Lists are joined with ``|`` (minet's separator); a ``|`` or ``\\`` inside an item is written ``\\|`` / ``\\\\``, so
``split`` on unescaped ``|`` gives the items back. Missing values are empty cells.

Cells are formula-injection safe, as OWASP recommends: a cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading ``'`` so that no spreadsheet evaluates it. The file is UTF-8 with a header row;
quoting is the csv module's (``QUOTE_MINIMAL``), lines end with CR LF as RFC 4180 says.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence

from .._exceptions import UnsupportedFormatError
from .._models import Citation


def _join(items: Sequence[str | None]) -> str:
    return "|".join((x or "").replace("\\", "\\\\").replace("|", "\\|") for x in items)


def _path(c: Citation) -> str | None:
    return c.source.path if c.source is not None else None


_GETTERS: dict[str, Callable[[Citation], object]] = {
    "id": lambda c: c.id,
    "platform": lambda c: c.platform,
    "platform_name": lambda c: c.platform_name,
    "kind": lambda c: c.kind,
    "url": lambda c: c.url,
    "post_id": lambda c: c.post_id,
    "author_name": lambda c: c.author.name,
    "author_handle": lambda c: c.author.handle,
    "author_kind": lambda c: c.author.kind,
    "published": lambda c: c.published,
    "date_text": lambda c: c.date_text,
    "created_at": lambda c: c.created_at,
    "text": lambda c: c.text,
    "language": lambda c: c.language,
    "hashtags": lambda c: _join(c.hashtags),
    "mentions": lambda c: _join(c.mentions),
    "links": lambda c: _join([link.url for link in c.links]),
    "links_final": lambda c: _join([link.resolved_url for link in c.links]),
    "links_status": lambda c: _join([link.status for link in c.links]),
    "path": _path,
    "line": lambda c: c.source.line if c.source is not None else None,
    "method": lambda c: c.source.method if c.source is not None else None,
    "occurrences": lambda c: len(c.occurrences) or (1 if c.source is not None else 0),
    "notes": lambda c: _join(c.notes),
    "quoted": lambda c: c.quoted,
    "cid": lambda c: c.cid,
    "accessed": lambda c: c.accessed,
    "hydration_status": lambda c: c.hydration.status if c.hydration is not None else None,
    "archived_url": lambda c: c.archived.url if c.archived is not None else None,
}

#: Every column, in the documented order.
COLUMNS: tuple[str, ...] = tuple(_GETTERS)

#: First characters a spreadsheet may read as a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralize(cell: str) -> str:
    """``cell`` with a leading ``'`` when a spreadsheet would read it as a formula (OWASP)."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def parse_columns(spec: str) -> tuple[str, ...]:
    """Column names from a comma-separated ``--columns`` value; raises :class:`UnsupportedFormatError` naming the
    choices for an unknown one."""
    names = tuple(n.strip() for n in spec.split(",") if n.strip())
    unknown = [n for n in names if n not in _GETTERS]
    if unknown or not names:
        raise UnsupportedFormatError(
            f"unknown column(s) {', '.join(unknown) or '(none given)'}; expected some of {', '.join(COLUMNS)}"
        )
    return names


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    return neutralize(str(value))


class CSVEmitter:
    """One row per post (merged across files), the columns of :data:`COLUMNS` or a choice of them."""

    streams: bool = False

    def __init__(self, delimiter: str = ",", columns: Sequence[str] = COLUMNS) -> None:
        self.delimiter = delimiter
        self.name: str = "tsv" if delimiter == "\t" else "csv"
        self.extensions: tuple[str, ...] = (".tsv", ".tab") if delimiter == "\t" else (".csv",)
        self.columns: tuple[str, ...] = tuple(columns)
        parse_columns(",".join(self.columns))  # unknown names fail here, not half-way through the output

    def with_columns(self, columns: Sequence[str]) -> CSVEmitter:
        """The same format with other columns."""
        return CSVEmitter(self.delimiter, columns)

    def _writer(self, buffer: io.StringIO) -> csv.DictWriter[str]:
        return csv.DictWriter(buffer, fieldnames=self.columns, delimiter=self.delimiter, lineterminator="\r\n")

    def header(self) -> str:
        buffer = io.StringIO()
        self._writer(buffer).writeheader()
        return buffer.getvalue()

    def dumps(self, citations: Sequence[Citation]) -> str:
        buffer = io.StringIO()
        writer = self._writer(buffer)
        writer.writeheader()
        for c in citations:
            writer.writerow({name: _cell(_GETTERS[name](c)) for name in self.columns})
        return buffer.getvalue()

    def dump_one(self, citation: Citation) -> str:
        buffer = io.StringIO()
        self._writer(buffer).writerow({name: _cell(_GETTERS[name](citation)) for name in self.columns})
        return buffer.getvalue()
