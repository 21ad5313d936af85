"""The JSON Schema of the record, shipped in the package: every record the seeds and the cases give (extracted,
normalized, through the CLI's json and jsonl outputs, with links resolved from replay, failed and pending) validates,
and so does every jsonl error record; the schema names exactly the record's fields, each described, and
docs/record.md is generated from it."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tools
from seedgate import SEEDS, seed_documents

import embeds
from embeds._cli import main
from embeds._emit._json import record

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "tests" / "cases"
REPLAY = ROOT / "fixtures" / "replay"
DOCUMENTS = list(seed_documents(SEEDS)) + list(seed_documents(CASES))


def _validator(schema: dict[str, Any]) -> Any:
    jsonschema = tools.module("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


class _Lazy:
    """The validators, made on first use (a missing jsonschema skips, or fails under EMBEDS_REQUIRE_TOOLS=1)."""

    def __init__(self, schema: Any) -> None:
        self.schema, self.made = schema, None

    def iter_errors(self, instance: Any) -> Any:
        if self.made is None:
            self.made = _validator(self.schema())
        return self.made.iter_errors(instance)


RECORD = _Lazy(embeds.record_schema)
ERROR = _Lazy(embeds.error_schema)


def _errors(validator: Any, instance: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


def test_the_schema_names_every_field_of_the_record() -> None:
    schema = embeds.record_schema()
    fields = ["schema_version", *(f.name for f in dataclasses.fields(embeds.Citation))]
    assert list(schema["properties"]) == fields, "add the new field to embeds/schema/record.schema.json"
    assert schema["required"] == fields
    author = [f.name for f in dataclasses.fields(embeds.Author)]
    assert list(schema["properties"]["author"]["properties"]) == author
    link = [f.name for f in dataclasses.fields(embeds.Link)]
    assert list(schema["properties"]["links"]["items"]["properties"]) == link
    source = [f.name for f in dataclasses.fields(embeds.Source)]
    assert list(schema["$defs"]["source"]["properties"]) == source
    hydration = [f.name for f in dataclasses.fields(embeds.Hydration)]
    assert list(schema["$defs"]["hydration"]["properties"]) == hydration
    snapshot = [f.name for f in dataclasses.fields(embeds.Snapshot)]
    assert list(schema["$defs"]["snapshot"]["properties"]) == snapshot

    def described(spec: dict[str, Any], where: str) -> None:
        for name, sub in spec.get("properties", {}).items():
            assert sub.get("description", "").strip(), f"{where}{name} has no description"
            described(sub, f"{where}{name}.")
            if isinstance(sub.get("items"), dict):
                described(sub["items"], f"{where}{name}[].")

    described(schema, "")
    for name, spec in schema["$defs"].items():
        described(spec, f"{name}.")
    described(embeds.error_schema(), "error.")
    assert schema["properties"]["schema_version"]["type"] == "string"
    assert embeds.SCHEMA_VERSION.count(".") == 1


def test_the_schema_files_ship_in_the_package() -> None:
    from importlib.resources import files

    names = {p.name for p in files("embeds.schema").iterdir()}
    assert {"record.schema.json", "error.schema.json", "resolution.schema.json"} <= names


@pytest.mark.parametrize("path", DOCUMENTS, ids=lambda p: p.name)
def test_every_seed_and_case_record_validates(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    extracted = embeds.extract(text, source=path.name)
    for c in (*extracted, *embeds.normalize(extracted)):
        instance = json.loads(json.dumps(record(c)))
        assert not _errors(RECORD, instance), (c.id, _errors(RECORD, instance))


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_cli_output_validates(tmp_path: Path, fmt: str) -> None:
    """Through the CLI: resolved and failed links (replay), a file that fails (an empty one) and a warning."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for p in DOCUMENTS:
        (docs / f"{p.parent.name}_{p.name}").write_bytes(p.read_bytes())
    (docs / "empty.txt").write_bytes(b"")
    (docs / "latin1.txt").write_bytes("caf\xe9 \u2014 jack (@jack) March 21, 2006".encode("cp1252"))
    out = tmp_path / f"out.{fmt}"
    assert main(["scan", str(docs), "--replay", str(REPLAY), "-q", "-j", "1", "-o", str(out)]) == 1
    body = out.read_text(encoding="utf-8")
    records = json.loads(body) if fmt == "json" else [json.loads(line) for line in body.splitlines()]
    kinds = {r["kind"] for r in records}
    assert {"embed", "link"} <= kinds and (fmt == "json" or {"error", "warning"} <= kinds)
    statuses = {link["status"] for r in records if r["kind"] in ("embed", "link") for link in r["links"]}
    assert {"resolved", "failed", "direct"} <= statuses
    for r in records:
        assert r["schema_version"] == embeds.SCHEMA_VERSION
        validator = ERROR if r["kind"] in ("error", "warning") else RECORD
        assert not _errors(validator, r), (r.get("id", r.get("path")), _errors(validator, r))
    offline = tmp_path / "offline.json"
    assert main(["scan", str(SEEDS), "--offline", "-q", "-o", str(offline)]) == 0
    for r in json.loads(offline.read_text(encoding="utf-8")):
        assert not _errors(RECORD, r)


def test_the_schema_rejects_what_a_record_never_is() -> None:
    good = record(embeds.extract((SEEDS / "001_first_tweet.html").read_text(encoding="utf-8"))[0])
    assert not _errors(RECORD, good)
    for change in (
        {"post_id": 20},  # ids are strings
        {"kind": "quote"},
        {"links": [{"url": "https://t.co/x"}]},
        {"author": {"name": "x"}},
        {"schema_version": 1},
    ):
        assert _errors(RECORD, {**good, **change}), change
    assert not _errors(RECORD, {**good, "a_field_added_later": 1})  # later versions add fields


def test_docs_record_md_is_generated_from_the_schema() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "record_doc.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    doc = (ROOT / "docs" / "record.md").read_text(encoding="utf-8")
    for name in embeds.record_schema()["properties"]:
        assert f"| `{name}` |" in doc


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_hydrated_and_archived_records_validate(tmp_path: Path, fmt: str) -> None:
    """The records --hydrate and --archive fill (from the hand-built fixtures in fixtures/hydrate and replay)."""
    out = tmp_path / f"out.{fmt}"
    args = ["scan", str(ROOT / "fixtures" / "hydrate"), "--hydrate", "--archive", "--replay", str(REPLAY), "-q"]
    main([*args, "-o", str(out)])
    body = out.read_text(encoding="utf-8")
    records = json.loads(body) if fmt == "json" else [json.loads(line) for line in body.splitlines()]
    assert any(r.get("hydration") for r in records) and any(r.get("provenance") for r in records)
    for r in records:
        validator = ERROR if r["kind"] in ("error", "warning") else RECORD
        assert not _errors(validator, r), (r.get("id"), _errors(validator, r))
