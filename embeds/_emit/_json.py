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


#: What the JSON Lines stream (and the summary line) need of a record, as plain values that pickle small and fast:
#: ``(id, platform_name, post_id, url, same-post key, published, links resolved, links failed)``.
PostFacts = tuple[
    str, str | None, str | None, str | None, tuple[str, str, str] | None, str | None, tuple[str, ...], tuple[str, ...]
]


def post_facts(c: Citation) -> PostFacts:
    """The :data:`PostFacts` of a record."""
    resolved = tuple(link.url for link in c.links if link.status == "resolved")
    failed = tuple(link.url for link in c.links if link.status == "failed")
    return (c.id, c.platform_name, c.post_id, c.url, _same_post_key(c), c.published, resolved, failed)


def relined(line: str, changes: dict[str, Any]) -> str:
    """The JSON line of a record (``line``, as :meth:`JSONLinesEmitter.dump_one` wrote it) with ``changes`` made
    (:meth:`JSONLinesStream.changes`: fields a record writes as they are, each a string or ``None``): the line
    ``dump_one(dataclasses.replace(record, **changes))`` writes, without the record."""
    data = json.loads(line)
    data.update(changes)
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
        self._identified: dict[tuple[str, str, str], tuple[str, str | None, str | None, str | None]] = {}

    def record(self, citation: Citation) -> Citation:
        """``citation`` as this stream writes it (its id and platform name made those of the post written before)."""
        changes = self.changes(post_facts(citation))
        return dataclasses.replace(citation, **changes) if changes else citation

    def changes(self, facts: PostFacts) -> dict[str, Any]:
        """What this stream changes in the record ``facts`` (:func:`post_facts`) stand for, as
        ``dataclasses.replace`` arguments (empty: written as it is); the stream takes note of it. The one rule
        :meth:`record` follows: a scan's workers send these facts, not the records, for the parent to decide."""
        cid, name, post_id, url, key, published = facts[:6]
        changes: dict[str, Any] = {}
        if post_id is None and key is not None and (known := self._identified.get(key)) is not None:
            known_id, known_post_id, known_url, known_published = known
            apart = _days_apart(published, known_published) if published and known_published else 0
            if apart is not None and apart <= 1:
                changes = {"id": known_id, "post_id": known_post_id, "url": known_url}
                cid = known_id
        elif post_id is not None and key is not None:
            self._identified.setdefault(key, (cid, post_id, url, published))
        first = self._names.setdefault(cid, name)
        if first != name:
            changes["platform_name"] = first
        return changes

    def records(self, citations: Iterable[Citation]) -> list[Citation]:
        """One file's citations as this stream writes them."""
        return [self.record(c) for c in citations]

    def dumps(self, citations: Iterable[Citation], errors: Iterable[Any] = ()) -> str:
        """One file's lines: its records, then its error records (:func:`error_record`)."""
        lines = [json.dumps(record(c), ensure_ascii=False) + "\n" for c in self.records(citations)]
        return "".join(lines) + "".join(error_record(e) for e in errors)
