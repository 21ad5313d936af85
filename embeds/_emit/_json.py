"""JSON and JSON Lines: the citation records as ``Citation.as_dict()`` gives them, each with ``schema_version`` first
(the version of ``embeds/schema/record.schema.json`` they follow)."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Sequence
from typing import Any

from .._models import Citation
from .._normalize import _days_apart, _same_post_key
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


class JSONLinesStream:
    """JSON Lines for a stream of files, as ``embeds scan --format jsonl`` writes it: each file's records as they
    come (one per post per file), then its error records. A post keeps one story across files: the
    ``platform_name`` of its first record, and a record whose post id is unknown (a flattened copy) takes the id,
    post id and URL of the post already written with the same platform, handle and text and a date at most a day
    apart (the rule :func:`embeds.normalize` merges by). A copy written before its post was identified keeps its
    hash id: what is written is not taken back. One instance per output; feed it files in order::

        stream = embeds.JSONLinesStream()
        for item in results:                      # FileResult, normalized
            out.write(stream.dumps(item.citations, item.errors))
    """

    def __init__(self) -> None:
        self._names: dict[str, str | None] = {}
        self._identified: dict[tuple[str, str, str], Citation] = {}

    def record(self, citation: Citation) -> Citation:
        """``citation`` as this stream writes it (its id and platform name made those of the post written before)."""
        c = citation
        key = _same_post_key(c)
        if c.post_id is None and key is not None and (known := self._identified.get(key)) is not None:
            apart = _days_apart(c.published, known.published) if c.published and known.published else 0
            if apart is not None and apart <= 1:
                c = dataclasses.replace(c, id=known.id, post_id=known.post_id, url=known.url)
        elif c.post_id is not None and key is not None:
            self._identified.setdefault(key, c)
        name = self._names.setdefault(c.id, c.platform_name)
        return c if name == c.platform_name else dataclasses.replace(c, platform_name=name)

    def records(self, citations: Iterable[Citation]) -> list[Citation]:
        """One file's citations as this stream writes them."""
        return [self.record(c) for c in citations]

    def dumps(self, citations: Iterable[Citation], errors: Iterable[Any] = ()) -> str:
        """One file's lines: its records, then its error records (:func:`error_record`)."""
        lines = [json.dumps(record(c), ensure_ascii=False) + "\n" for c in self.records(citations)]
        return "".join(lines) + "".join(error_record(e) for e in errors)
