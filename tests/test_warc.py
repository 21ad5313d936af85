"""WARC: ``--record-warc FILE.warc.gz`` writes request and response records that warcio reads and its own checker
(``warcio check``) passes, and ``--replay FILE.warc.gz`` answers from them with no network, giving what the live run
(or the JSON fixtures) gave."""

from __future__ import annotations

import asyncio
import dataclasses
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tools
from httpserver import serve

import embeds
from embeds import _cli
from embeds._cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REPLAY = ROOT / "fixtures" / "replay"


def _records(path: Path) -> list[Any]:
    archive = tools.module("warcio.archiveiterator")
    out = []
    with path.open("rb") as f:
        for record in archive.ArchiveIterator(f):
            body = record.content_stream().read()
            out.append((record.rec_type, record.rec_headers, record.http_headers, body))
    return out


def _check(path: Path) -> str:
    tools.module("warcio")
    done = subprocess.run(
        [sys.executable, "-c", "import sys, warcio.cli; sys.exit(warcio.cli.main())", "check", "-v", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.fixture
def loopback_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    real = _cli._resolve_options
    monkeypatch.setattr(_cli, "_resolve_options", lambda args: dataclasses.replace(real(args), allow_private=True))


def test_record_live_then_replay(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], loopback_allowed: None
) -> None:
    warc = tmp_path / "run.warc.gz"
    with serve() as (base, hits):
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{base}/r1\n{base}/gone\n"))
        assert main(["resolve", "--no-cache", "-q", "--record-warc", str(warc)]) == 0
        live = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(hits) == 4
    with gzip.open(warc) as f:
        assert f.read(4) == b"WARC"  # gzip members, WARC inside
    records = _records(warc)
    kinds = [r[0] for r in records]
    assert kinds == ["warcinfo", "response", "request", "response", "request", "response", "request", "response",
                     "request"]  # fmt: skip
    responses = [r for r in records if r[0] == "response"]
    requests = [r for r in records if r[0] == "request"]
    uris = [r[1].get_header("WARC-Target-URI") for r in responses]
    assert sorted(uris) == sorted(f"{base}/{p}" for p in ("r1", "r2", "final", "gone"))  # links run concurrently
    by_uri = {r[1].get_header("WARC-Target-URI"): r for r in responses}
    for (_, rec, http, body), (_, req, req_http, _) in zip(responses, requests, strict=True):
        assert rec.get_header("WARC-Date").endswith("Z") and rec.get_header("WARC-Payload-Digest")
        assert req.get_header("WARC-Concurrent-To") == rec.get_header("WARC-Record-ID")
        assert req.get_header("WARC-Target-URI") == rec.get_header("WARC-Target-URI")
        assert req_http.protocol == "GET" and req_http.get_header("User-Agent").startswith("embeds")
        assert http.get_header("Content-Length") == str(len(body))
    first = by_uri[f"{base}/r1"]
    assert first[2].get_statuscode() == "301" and first[2].get_header("Location") == "/r2"
    assert by_uri[f"{base}/final"][3] == "arrivée\n".encode()
    assert "digest pass" in _check(warc)

    # replay: no server any more, the same results
    monkeypatch.setattr(sys, "stdin", io.StringIO(f"{base}/r1\n{base}/gone\n{base}/never\n"))
    assert main(["resolve", "-q", "--replay", str(warc)]) == 0
    replayed = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    keep = ("url", "final_url", "status", "error", "error_kind")
    assert [{k: r[k] for k in keep} for r in replayed[:2]] == [{k: r[k] for k in keep} for r in live]
    assert [h["url"] for h in replayed[0]["chain"]] == [h["url"] for h in live[0]["chain"]]
    assert replayed[2]["error_kind"] == "no-fixture"


def test_a_scan_replays_a_warc_as_it_replays_json_fixtures(tmp_path: Path) -> None:
    """The hand-built JSON fixtures, written as WARC by resolving through them; a scan of the seeds replayed from
    that WARC gives the records the JSON fixtures give."""
    warc = tmp_path / "fixtures.warc.gz"
    transport = embeds.WARCRecordTransport(warc, embeds.ReplayTransport(REPLAY), command="tests/test_warc.py")
    seeds = embeds.extract((SEEDS / "009_short_links.txt").read_text(encoding="utf-8"))
    urls = embeds.links_to_resolve(seeds)

    async def record() -> None:
        async with embeds.AsyncResolver(transport=transport) as resolver:
            await resolver.resolve_many(urls)

    asyncio.run(record())
    assert len(embeds.WARCReplayTransport(warc)) >= len(urls)
    _check(warc)
    out_json, out_warc = tmp_path / "json.jsonl", tmp_path / "warc.jsonl"
    assert main(["scan", str(SEEDS), "-q", "--replay", str(REPLAY), "-o", str(out_json)]) == 0
    assert main(["scan", str(SEEDS), "-q", "--replay", str(warc), "-o", str(out_warc)]) == 0
    a = [json.loads(line) for line in out_json.read_text(encoding="utf-8").splitlines()]
    b = [json.loads(line) for line in out_warc.read_text(encoding="utf-8").splitlines()]
    strip = lambda rs: [{**r, "links": [{**l, "error": None} for l in r["links"]]} for r in rs]  # noqa: E731, E741
    assert strip(a) == strip(b)  # the same, but for the words of "no fixture" / "no WARC record"
    statuses = {link["status"] for r in b for link in r["links"]}
    assert {"resolved", "failed"} <= statuses


def test_replay_and_record_warc_together_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["scan", str(SEEDS), "--replay", str(REPLAY), "--record-warc", str(tmp_path / "x.warc.gz")])
    assert code == 2 and "--record-warc" in capsys.readouterr().err


def test_a_missing_warc_is_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(SEEDS), "-q", "--replay", str(tmp_path / "none.warc.gz")]) == 1
    assert "none.warc.gz" in capsys.readouterr().err


def test_record_as_json_and_warc_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], loopback_allowed: None
) -> None:
    warc, fixtures = tmp_path / "run.warc", tmp_path / "fixtures"
    with serve() as (base, hits):
        monkeypatch.setattr(sys, "stdin", io.StringIO(f"{base}/r1\n"))
        assert main(["resolve", "--no-cache", "-q", "--record-warc", str(warc), "--record", str(fixtures)]) == 0
    capsys.readouterr()
    assert len(hits) == 3
    assert len(list(fixtures.rglob("*.json"))) == 3
    assert [r[0] for r in _records(warc)].count("response") == 3  # uncompressed .warc
    assert "digest pass" in _check(warc)
