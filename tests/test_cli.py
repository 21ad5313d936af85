"""The command line, called as ``main([...])``."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from embeds import SCHEMA_VERSION, __version__
from embeds._cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def test_scan_seeds_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(SEEDS), "--format", "json", "--no-resolve"]) == 0
    out, err = capsys.readouterr()
    records = json.loads(out)
    handles = [r["author"]["handle"] for r in records]
    assert handles[:2] == ["jensstoltenberg", "StateDept"]
    assert "posts" in err and "0 errors" in err
    for r in records:
        assert isinstance(r["post_id"], str | None)
        assert r["links"] == [] or all(link["status"] in ("pending", "direct") for link in r["links"])


def test_scan_default_output_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(SEEDS / "000_d9c4edf5c14bd4ab.txt"), "--offline"]) == 0
    out, _ = capsys.readouterr()
    assert "Jens Stoltenberg (@jensstoltenberg)" in out
    assert "Department of State (@StateDept)" in out
    assert "pic.twitter.com/4pRMRLw1Ql" in out


def test_jsonl_to_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "posts.jsonl"
    assert main(["scan", str(SEEDS), "-o", str(out), "--no-resolve", "-q"]) == 0
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) >= 2
    assert json.loads(lines[0])["author"]["handle"] == "jensstoltenberg"
    assert capsys.readouterr().err == ""


def test_bad_file_is_reported_and_does_not_abort(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "good.txt").write_text((SEEDS / "000_d9c4edf5c14bd4ab.txt").read_text(encoding="utf-8"))
    (tmp_path / "bad.txt").write_bytes(b"\x00\x01\x02binary")
    missing = tmp_path / "missing.md"
    code = main(["scan", str(tmp_path), str(missing), "--format", "json", "--no-resolve"])
    out, err = capsys.readouterr()
    assert code == 1
    assert len(json.loads(out)) == 2  # the good file's posts are all there
    assert f"{tmp_path / 'bad.txt'}: binary file" in err
    assert f"{missing}: no such file" in err
    assert main(["scan", str(tmp_path), "--no-resolve", "--fail-on", "none", "-q"]) == 0


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert main(["scan"]) == 2
    assert main(["scan", str(SEEDS), "--format", "pdf"]) == 2
    assert main(["scan", str(SEEDS), "--concurrency", "0"]) == 2
    err = capsys.readouterr().err
    assert "invalid choice" in err


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out
    assert main(["scan", "--help"]) == 0
    out = capsys.readouterr().out
    assert "examples:" in out and "exit codes:" in out


def test_python_dash_m(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "embeds",
            "scan",
            str(SEEDS / "000_d9c4edf5c14bd4ab.txt"),
            "--no-resolve",
            "-f",
            "jsonl",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) == 2


def test_jsonl_streams_error_records(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text((SEEDS / "000_d9c4edf5c14bd4ab.txt").read_text(encoding="utf-8"))
    (tmp_path / "b.txt").write_bytes(b"")
    assert main(["scan", str(tmp_path), "-f", "jsonl", "--no-resolve", "-q"]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["kind"] for r in records] == ["embed", "embed", "error"]
    assert records[2] == {
        "schema_version": SCHEMA_VERSION,
        "kind": "error",
        "path": str(tmp_path / "b.txt"),
        "error": "empty file",
    }


def test_many_files_in_a_process_pool_match_one_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = (SEEDS / "000_d9c4edf5c14bd4ab.txt").read_text(encoding="utf-8")
    for i in range(12):
        (tmp_path / f"doc{i:02d}.txt").write_text(seed if i % 3 == 0 else f"nothing in file {i}\n")
    outputs = []
    for jobs in ("1", "2"):
        assert main(["scan", str(tmp_path), "-f", "jsonl", "--no-resolve", "-q", "--jobs", jobs]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    records = [json.loads(line) for line in outputs[0].splitlines()]
    assert len(records) == 8  # two posts in each of four files: one record per post per file, in file order
    names = [Path(r["source"]["path"]).name for r in records[::2]]
    assert names == ["doc00.txt", "doc03.txt", "doc06.txt", "doc09.txt"]
    assert main(["scan", str(tmp_path), "-f", "json", "--no-resolve", "-q", "--jobs", "2"]) == 0
    merged = json.loads(capsys.readouterr().out)
    assert len(merged) == 2 and len(merged[0]["occurrences"]) == 4  # json merges a post's occurrences


@pytest.mark.parametrize("flags", [["-f", "json"], ["-f", "jsonl", "-j", "2"]])
def test_progress_bar_on_a_terminal(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], flags: list[str]
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["scan", str(SEEDS), "--no-resolve", *flags]) == 0
    err = capsys.readouterr().err
    assert "scanning" in err and "files" in err
    documents = [p for p in SEEDS.iterdir() if not p.name.endswith(".expected.json")]
    assert err.rstrip().splitlines()[-1].startswith(f"embeds: {len(documents)} files")


def test_stdin_and_input_format(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import io

    html = (SEEDS / "001_first_tweet.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(html), encoding="utf-8"))
    assert main(["scan", "-", "--input-format", "html", "-f", "jsonl", "--no-resolve", "-q"]) == 0
    (record,) = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert record["post_id"] == "20" and record["source"]["path"] == "-"


def test_include_and_exclude(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = (SEEDS / "000_d9c4edf5c14bd4ab.txt").read_text(encoding="utf-8")
    (tmp_path / "keep").mkdir()
    (tmp_path / "skip").mkdir()
    (tmp_path / "keep" / "a.txt").write_text(seed)
    (tmp_path / "keep" / "b.log").write_text(seed)
    (tmp_path / "skip" / "c.txt").write_text(seed)
    (tmp_path / ".hidden.txt").write_text(seed)

    def scanned(*flags: str) -> list[str]:
        assert main(["scan", str(tmp_path), "-f", "jsonl", "--no-resolve", "-q", *flags]) == 0
        records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        return sorted({Path(r["source"]["path"]).relative_to(tmp_path).as_posix() for r in records})

    assert scanned() == ["keep/a.txt", "skip/c.txt"]
    assert scanned("--exclude", "skip") == ["keep/a.txt"]
    assert scanned("--include", "*.log", "--include", "*.txt", "--exclude", "skip/*") == ["keep/a.txt", "keep/b.log"]


def test_jsonl_lines_are_made_where_a_file_is_normalized(tmp_path: Path) -> None:
    from embeds._emit._json import JSONLinesEmitter
    from embeds._scan import ScanOptions, iter_extract

    seed = (SEEDS / "000_d9c4edf5c14bd4ab.txt").read_text(encoding="utf-8")
    for i in range(3):
        (tmp_path / f"doc{i}.txt").write_text(seed)
    items = list(iter_extract([str(tmp_path)], ScanOptions(resolve=False, lines=True, jobs=1)))
    assert items and all(item.normalized and item.citations for item in items)
    for item in items:
        assert item.lines == tuple(JSONLinesEmitter().dump_one(c) for c in item.citations)
    assert all(i.lines is None for i in iter_extract([str(tmp_path)], ScanOptions(resolve=False, jobs=1)))
