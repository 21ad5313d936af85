"""JSON and JSON Lines: the citation records as ``Citation.as_dict()`` gives them, each with ``schema_version`` first
(the version of ``embeds/schema/record.schema.json`` they follow)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from .._models import Citation
from ..schema import SCHEMA_VERSION


def record(citation: Citation) -> dict[str, Any]:
    """The JSON record of a citation: ``schema_version``, then :meth:`Citation.as_dict`'s fields."""
    return {"schema_version": SCHEMA_VERSION, **citation.as_dict()}


class JSONEmitter:
    name: str = "json"
    extensions: tuple[str, ...] = (".json",)
    streams: bool = False

    def dumps(self, citations: Sequence[Citation]) -> str:
        return json.dumps([record(c) for c in citations], ensure_ascii=False, indent=2) + "\n"

    def dump_one(self, citation: Citation) -> str:
        raise NotImplementedError("JSON is written whole; use jsonl to stream")


class JSONLinesEmitter:
    name: str = "jsonl"
    extensions: tuple[str, ...] = (".jsonl", ".ndjson")
    streams: bool = True

    def dumps(self, citations: Sequence[Citation]) -> str:
        return "".join(self.dump_one(c) for c in citations)

    def dump_one(self, citation: Citation) -> str:
        return json.dumps(record(citation), ensure_ascii=False) + "\n"


def error_record(error: Any) -> str:
    """A JSON Lines record for a file that failed (``kind`` is ``"error"`` or ``"warning"``, never a citation's)."""
    data = {"schema_version": SCHEMA_VERSION, "kind": error.severity, "path": error.path, "error": error.error}
    return json.dumps(data, ensure_ascii=False) + "\n"
