"""JSON Schemas of the records ``embeds scan --format json|jsonl`` writes, shipped with the package.

* ``record.schema.json`` — a citation record (:meth:`embeds.Citation.as_dict` plus ``schema_version``);
* ``error.schema.json`` — the jsonl record of a file that failed or warned;
* ``resolution.schema.json`` — a jsonl record of ``embeds resolve``.

Every record carries ``schema_version`` (:data:`SCHEMA_VERSION`, ``MAJOR.MINOR``): a minor version adds fields, a
major one would change or remove one. ``docs/record.md`` is generated from these files
(``python3 scripts/record_doc.py``); a test keeps it so.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

__all__ = ["SCHEMA_VERSION", "error_schema", "record_schema", "resolution_schema"]

#: The version of the record schema every record says it follows.
SCHEMA_VERSION = "1.1"


@cache
def _load(name: str) -> dict[str, Any]:
    from importlib.resources import files  # here: a scan writes schema_version without reading the schemas

    data: dict[str, Any] = json.loads(files(__name__).joinpath(name).read_text(encoding="utf-8"))
    return data


def record_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a citation record (a fresh copy)."""
    return json.loads(json.dumps(_load("record.schema.json")))  # type: ignore[no-any-return]


def error_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a jsonl error record (a fresh copy)."""
    return json.loads(json.dumps(_load("error.schema.json")))  # type: ignore[no-any-return]


def resolution_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of an ``embeds resolve`` jsonl record (a fresh copy)."""
    return json.loads(json.dumps(_load("resolution.schema.json")))  # type: ignore[no-any-return]
