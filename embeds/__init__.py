"""embeds: find the social-media posts a document embeds or cites, and cite them properly.

The stages, each a module you can point at::

    _sources (files → Document) → _parse → _extract (pure) → _resolve (async, the only network) → _normalize
    (pure) → _emit (pure)

Quick use::

    import embeds
    for citation in embeds.extract(text):          # pure, synchronous, no network
        print(citation.as_dict())
    result = embeds.scan(["seeds/"])                # files → normalized citations, links resolved
"""

from __future__ import annotations

import typing

from ._exceptions import (
    DocumentError,
    EmbedsError,
    InputError,
    ResolveBlocked,
    ResolveError,
    ResolveHTTPError,
    ResolveNetworkError,
    ResolveTimeout,
    UnsupportedFormatError,
)
from ._lazy import lazy as _lazy
from ._version import __version__

if typing.TYPE_CHECKING:
    from ._emit import COLUMNS as CSV_COLUMNS
    from ._emit import EMITTERS, Emitter, cite, csl_bibliography, dumps, report
    from ._emit._json import JSONLinesStream, error_record
    from ._extract import entities, extract, extract_document
    from ._models import Author, Citation, Document, Entity, FieldOrigin, Hydration, Link, Snapshot, Source
    from ._normalize import NormalizeOptions, authors_from_data, normalize
    from ._parse import detect_format
    from ._resolve import (
        AsyncHydrator,
        AsyncResolver,
        Cache,
        Hop,
        HydrateOptions,
        RecordTransport,
        ReplayTransport,
        Resolution,
        ResolveOptions,
        SQLiteCache,
        WARCRecordTransport,
        WARCReplayTransport,
    )
    from ._scan import (
        FileError,
        FileResult,
        ScanOptions,
        ScanResult,
        aiter_scan,
        ascan,
        extract_file,
        iter_extract,
        links_to_resolve,
        scan,
    )
    from ._sources import iter_paths, read_authors, read_csl_style, read_document
    from .schema import SCHEMA_VERSION, error_schema, record_schema

#: Names loaded on first use, and the module each lives in (``module:name`` when the name there differs):
#: ``import embeds`` loads only the exceptions and the version; the resolver and the scan load httpx, asyncio and
#: sqlite3, which extraction alone never needs, and the emitters, extractors and their patterns load when first used.
_LAZY = {
    "CSV_COLUMNS": "._emit:COLUMNS",
    **dict.fromkeys(("EMITTERS", "Emitter", "cite", "csl_bibliography", "dumps", "report"), "._emit"),
    **dict.fromkeys(("JSONLinesStream", "error_record"), "._emit._json"),
    **dict.fromkeys(("entities", "extract", "extract_document"), "._extract"),
    **dict.fromkeys(
        ("Author", "Citation", "Document", "Entity", "FieldOrigin", "Hydration", "Link", "Snapshot", "Source"),
        "._models",
    ),
    **dict.fromkeys(("NormalizeOptions", "authors_from_data", "normalize"), "._normalize"),
    "detect_format": "._parse",
    **dict.fromkeys(("Hop", "Resolution", "ResolveOptions"), "._resolve"),
    **dict.fromkeys(("iter_paths", "read_authors", "read_csl_style", "read_document"), "._sources"),
    **dict.fromkeys(("SCHEMA_VERSION", "error_schema", "record_schema"), ".schema"),
    **dict.fromkeys(
        (
            "AsyncHydrator",
            "AsyncResolver",
            "Cache",
            "HydrateOptions",
            "RecordTransport",
            "ReplayTransport",
            "SQLiteCache",
            "WARCRecordTransport",
            "WARCReplayTransport",
        ),
        "._resolve",
    ),
    **dict.fromkeys(
        (
            "FileError",
            "FileResult",
            "ScanOptions",
            "ScanResult",
            "aiter_scan",
            "ascan",
            "extract_file",
            "iter_extract",
            "links_to_resolve",
            "scan",
        ),
        "._scan",
    ),
}


__all__ = [
    "CSV_COLUMNS",
    "EMITTERS",
    "SCHEMA_VERSION",
    "AsyncHydrator",
    "AsyncResolver",
    "Author",
    "Cache",
    "Citation",
    "Document",
    "DocumentError",
    "EmbedsError",
    "Emitter",
    "Entity",
    "FieldOrigin",
    "FileError",
    "FileResult",
    "Hop",
    "HydrateOptions",
    "Hydration",
    "InputError",
    "JSONLinesStream",
    "Link",
    "NormalizeOptions",
    "RecordTransport",
    "ReplayTransport",
    "Resolution",
    "ResolveBlocked",
    "ResolveError",
    "ResolveHTTPError",
    "ResolveNetworkError",
    "ResolveOptions",
    "ResolveTimeout",
    "SQLiteCache",
    "ScanOptions",
    "ScanResult",
    "Snapshot",
    "Source",
    "UnsupportedFormatError",
    "WARCRecordTransport",
    "WARCReplayTransport",
    "__version__",
    "aiter_scan",
    "ascan",
    "authors_from_data",
    "cite",
    "csl_bibliography",
    "detect_format",
    "dumps",
    "entities",
    "error_record",
    "error_schema",
    "extract",
    "extract_document",
    "extract_file",
    "iter_extract",
    "iter_paths",
    "links_to_resolve",
    "normalize",
    "read_authors",
    "read_csl_style",
    "read_document",
    "record_schema",
    "report",
    "scan",
]

__getattr__, __dir__ = _lazy(__name__, _LAZY, globals(), __all__)
