"""``embeds resolve``: URLs from standard input, a file or a CSV column, each one's chain and final URL as jsonl or
CSV; over a loopback server (the guard relaxed for it, as a test must) and over replay (no network), and the guard
holding by default."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import sys
from pathlib import Path

import pytest
import tools
from httpserver import serve

import embeds
from embeds import _cli
from embeds._cli import main
from embeds._cli_resolve import RESOLVE_COLUMNS, read_urls
from embeds.schema import resolution_schema

ROOT = Path(__file__).resolve().parent.parent
REPLAY = ROOT / "fixtures" / "replay"


@pytest.fixture
def loopback_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's resolver options with loopback allowed (the guard refuses 127.0.0.1 otherwise)."""
    real = _cli._resolve_options
    monkeypatch.setattr(_cli, "_resolve_options", lambda args: dataclasses.replace(real(args), allow_private=True))


def _jsonl(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines()]


def _valid(records: list[dict[str, object]]) -> None:
    jsonschema = tools.module("jsonschema")
    validator = jsonschema.Draft202012Validator(resolution_schema())
    for r in records:
        assert not list(validator.iter_errors(r)), r


def test_stdin_over_loopback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], loopback_allowed: None
) -> None:
    with serve() as (base, hits):
        urls = f"{base}/r1\n\n# a comment\n{base}/gone\n{base}/loop\n{base}/r1\n"
        monkeypatch.setattr(sys, "stdin", io.StringIO(urls))
        assert main(["resolve", "--no-cache"]) == 0
    out, err = capsys.readouterr()
    records = _jsonl(out)
    assert [r["url"] for r in records] == [f"{base}/r1", f"{base}/gone", f"{base}/loop", f"{base}/r1"]
    first = records[0]
    assert first["kind"] == "resolution" and first["schema_version"] == embeds.SCHEMA_VERSION
    assert first["final_url"] == f"{base}/final" and first["error"] is None and first["status"] == 200
    assert [h["url"].rsplit("/", 1)[1] for h in first["chain"]] == ["r1", "r2", "final"]  # type: ignore[index]
    assert records[1]["error_kind"] == "http-status" and records[1]["status"] == 410
    assert records[2]["error_kind"] == "loop"
    assert records[3] == first  # one output per input line, the duplicate resolved once
    _valid(records)
    assert hits.count(("GET", "/r1")) == 1
    assert "4 URLs (3 distinct), 1 resolved, 2 unresolved" in err


def test_csv_column_in_csv_out(tmp_path: Path, loopback_allowed: None) -> None:
    with serve() as (base, _):
        source = tmp_path / "links.csv"
        with source.open("w", encoding="utf-8", newline="") as f:
            w = csv.writer(f)
            w.writerow(["title", "url"])
            w.writerow(["a, with a comma", f"{base}/r1"])
            w.writerow(["b", f"{base}/gone"])
            w.writerow(["c", ""])
        out = tmp_path / "resolved.csv"
        assert main(["resolve", str(source), "--column", "url", "-o", str(out), "-q", "--no-cache"]) == 0
        assert main(["resolve", str(source), "--column", "url", "-q", "--no-cache", "--fail-on", "links"]) == 1
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert tuple(rows[0]) == RESOLVE_COLUMNS
    assert [(r["url"], r["final_url"], r["ok"], r["hops"]) for r in rows] == [
        (f"{base}/r1", f"{base}/final", "true", "3"),
        (f"{base}/gone", f"{base}/gone", "false", "1"),
    ]
    assert rows[0]["chain"] == f"{base}/r1|{base}/r2|{base}/final"
    assert rows[1]["status"] == "410" and rows[1]["error_kind"] == "http-status"


def test_a_csv_file_reads_its_url_column_by_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "links.tsv"
    source.write_text("title\turl\nx\thttps://t.co/Example001\n", encoding="utf-8")
    assert main(["resolve", str(source), "--replay", str(REPLAY), "-q"]) == 0
    (record,) = _jsonl(capsys.readouterr().out)
    assert record["url"] == "https://t.co/Example001" and record["error"] is None


def test_missing_column_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "links.csv"
    source.write_text("title,link\nx,https://t.co/Example001\n", encoding="utf-8")
    assert main(["resolve", str(source), "--column", "url", "--replay", str(REPLAY)]) == 2
    assert "no column 'url'" in capsys.readouterr().err


def test_replay_no_network(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text("https://t.co/Example001\nhttps://bit.ly/example-chain\nhttps://t.co/NoFixtureHere\n", "utf-8")
    assert main(["resolve", str(urls), "--replay", str(REPLAY), "-q"]) == 0
    records = _jsonl(capsys.readouterr().out)
    assert records[0]["error"] is None and str(records[0]["final_url"]).startswith("https://")
    assert records[1]["error"] is None and len(records[1]["chain"]) >= 2  # type: ignore[arg-type]
    assert records[2]["error_kind"] == "no-fixture"
    _valid(records)


def test_the_guard_holds_by_default(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    with serve() as (base, hits):
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{base}/r1\nfile:///etc/passwd\n"))
        assert main(["resolve", "--no-cache", "-q"]) == 0
    records = _jsonl(capsys.readouterr().out)
    assert [r["error_kind"] for r in records] == ["blocked", "blocked"]
    assert not hits


def test_the_cache_is_used(tmp_path: Path, capsys: pytest.CaptureFixture[str], loopback_allowed: None) -> None:
    cache = tmp_path / "cache.sqlite3"
    with serve() as (base, hits):
        for _ in range(2):
            sys_stdin = io.StringIO(f"{base}/r1\n")
            with pytest.MonkeyPatch.context() as m:
                m.setattr(sys, "stdin", sys_stdin)
                assert main(["resolve", "--cache", str(cache), "-q"]) == 0
    first, second = (r for r in _jsonl(capsys.readouterr().out))
    assert first["from_cache"] is False and second["from_cache"] is True
    assert hits.count(("GET", "/r1")) == 1


def test_read_urls() -> None:
    assert read_urls(" a \n#b\n\nc\n") == ["a", "c"]
    assert read_urls("url\n'=cmd\nhttps://x.test/\n", column="url") == ["=cmd", "https://x.test/"]


def test_the_resolution_schema_names_every_field() -> None:
    fields = [f.name for f in dataclasses.fields(embeds.Resolution)]
    assert list(resolution_schema()["properties"]) == ["schema_version", "kind", *fields]
