"""The small things of issue 17: format names in any case, the summary's counts (posts as written, distinct links),
one id and one platform name per post across jsonl files, --exclude on paths as written, examples first in the
help, and a progress bar with a total."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import embeds
from embeds._cli import main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REPLAY = ROOT / "fixtures" / "replay"
FIRST = (SEEDS / "001_first_tweet.html").read_text(encoding="utf-8")


def test_format_names_in_any_case(capsys: pytest.CaptureFixture[str]) -> None:
    outs = []
    for fmt in ("apa", "APA", "Apa"):
        assert main(["scan", str(SEEDS), "--offline", "-q", "-f", fmt]) == 0
        outs.append(capsys.readouterr().out)
    assert outs[0] == outs[1] == outs[2] and outs[0]
    assert main(["scan", str(SEEDS), "--offline", "-q", "-f", "Chicago-MD"]) == 0
    assert embeds.dumps([], "JSONL") == ""


def test_summary_counts_records_written_and_distinct_links(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # one failing short link cited by 30 posts in 3 files: one unresolved link, not 30
    posts = "\n\n".join(
        f"Placeholder post number {i} https://t.co/NoFixture\n— Example Person (@example) January {i % 28 + 1}, 2024"
        for i in range(10)
    )
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(posts, encoding="utf-8")
    out = tmp_path / "out.json"
    assert main(["scan", str(tmp_path), "--replay", str(REPLAY), "-o", str(out)]) == 0
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err == "embeds: 3 files, 10 posts, links 0 resolved, 1 unresolved, 0 errors"
    assert len(json.loads(out.read_text(encoding="utf-8"))) == 10
    # jsonl: one record per post and file, said so
    assert main(["scan", str(tmp_path), "--replay", str(REPLAY), "-f", "jsonl"]) == 0
    captured = capsys.readouterr()
    assert len(captured.out.splitlines()) == 30
    assert captured.err.strip().splitlines()[-1].startswith("embeds: 3 files, 10 posts (30 records: one per post")


def test_summary_post_count_is_the_records_written_after_merging(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the flattened copy (no id) in b.txt and the embed (id 20) in a.html are one post once merged
    (tmp_path / "a.html").write_text(FIRST, encoding="utf-8")
    (tmp_path / "b.txt").write_text("just setting up my twttr\n— jack (@jack) March 21, 2006\n", encoding="utf-8")
    assert main(["scan", str(tmp_path), "--offline", "-f", "json"]) == 0
    captured = capsys.readouterr()
    records = json.loads(captured.out)
    assert len(records) == 1
    assert ", 1 post, " in captured.err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_keeps_one_id_per_post_across_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    # with --jobs 2 the lines come made from the workers: the parent decodes b.txt's record to give it a's id
    (tmp_path / "a.html").write_text(FIRST, encoding="utf-8")
    (tmp_path / "b.txt").write_text("just setting up my twttr\n— jack (@jack) March 21, 2006\n", encoding="utf-8")
    assert main(["scan", str(tmp_path), "--offline", "-q", "-f", "jsonl", "--jobs", jobs]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["source"]["path"].rsplit("/", 1)[1] for r in records] == ["a.html", "b.txt"]
    assert {r["id"] for r in records} == {"twitter:20"}
    assert {r["platform_name"] for r in records} == {"Twitter"}
    assert records[1]["url"] == "https://twitter.com/jack/status/20"


def test_same_post_keeps_the_first_platform_name() -> None:
    (post,) = embeds.normalize(embeds.extract(FIRST, format="html"))
    same = embeds.JSONLinesStream().record
    first = same(post)
    later = same(embeds.Citation(**{**{f: getattr(post, f) for f in post.__slots__}, "platform_name": "X"}))  # type: ignore[attr-defined]
    assert first.platform_name == later.platform_name == "Twitter"


def test_stream_changes_from_facts_alone() -> None:
    from embeds._emit._json import post_facts

    (post,) = embeds.normalize(embeds.extract(FIRST, format="html"))
    renamed = embeds.Citation(**{**{f: getattr(post, f) for f in post.__slots__}, "platform_name": "X"})  # type: ignore[attr-defined]
    stream = embeds.JSONLinesStream()
    assert stream.changes(post_facts(post)) == {}  # the first of a post is written as it is
    assert stream.changes(post_facts(post)) == {}
    assert stream.changes(post_facts(renamed)) == {"platform_name": "Twitter"}
    (copy,) = embeds.normalize(embeds.extract("just setting up my twttr\n— jack (@jack) March 21, 2006\n"))
    assert copy.post_id is None
    assert stream.changes(post_facts(copy)) == {"id": post.id, "post_id": post.post_id, "url": post.url}


def test_written_file_carries_lines_and_facts_not_records(tmp_path: Path) -> None:
    import pickle

    from embeds._emit._json import JSONLinesEmitter, post_facts
    from embeds._scan import ScanOptions, WrittenFile, _scan_file

    (tmp_path / "a.html").write_text(FIRST, encoding="utf-8")
    made = _scan_file(ScanOptions(resolve=False, lines=True), True, str(tmp_path / "a.html"))
    assert isinstance(made, WrittenFile) and made.is_document and made.normalized
    assert pickle.loads(pickle.dumps(made)) == made  # as a worker sends it
    (result,) = embeds.iter_extract(tmp_path, ScanOptions(resolve=False, lines=True))
    assert made.lines == result.lines == tuple(JSONLinesEmitter().dump_one(c) for c in result.citations)
    assert made.facts == tuple(post_facts(c) for c in result.citations)
    # with no lines asked for (not the jsonl output) it is a FileResult as before
    assert isinstance(_scan_file(ScanOptions(resolve=False), True, str(tmp_path / "a.html")), embeds.FileResult)


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.iterdir() if not p.name.endswith(".json"))[:40])
def test_relined_is_the_line_of_the_changed_record(seed: str) -> None:
    import dataclasses

    from embeds._emit._json import JSONLinesEmitter, relined

    dump = JSONLinesEmitter().dump_one
    records = embeds.scan(SEEDS / seed, options=embeds.ScanOptions(resolve=False)).citations
    for c in records:
        for changes in (
            {"platform_name": "X"},
            {"platform_name": None},
            {"id": "twitter:20", "post_id": "20", "url": "https://twitter.com/jack/status/20"},
            {"id": "x:1", "post_id": "1", "url": "https://x.com/a/status/1", "platform_name": 'Twitter \u2028 "x"'},
        ):
            assert relined(dump(c), changes) == dump(dataclasses.replace(c, **changes))


def test_exclude_matches_paths_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    seed = (SEEDS / "000_d9c4edf5c14bd4ab.txt").read_text(encoding="utf-8")
    for sub in ("docs/keep", "docs/drafts"):
        (tmp_path / sub).mkdir(parents=True)
        (tmp_path / sub / "a.txt").write_text(seed, encoding="utf-8")
    monkeypatch.chdir(tmp_path)

    def scanned(*flags: str) -> list[str]:
        assert main(["scan", "docs", "-f", "jsonl", "--offline", "-q", *flags]) == 0
        return sorted({json.loads(line)["source"]["path"] for line in capsys.readouterr().out.splitlines()})

    assert scanned() == ["docs/drafts/a.txt", "docs/keep/a.txt"]
    assert scanned("--exclude", "docs/drafts/*") == ["docs/keep/a.txt"]  # the path as written
    assert scanned("--exclude", "docs/drafts") == ["docs/keep/a.txt"]  # a directory as written
    assert scanned("--exclude", "drafts") == ["docs/keep/a.txt"]  # a name, as before
    assert scanned("--exclude", "drafts/*") == ["docs/keep/a.txt"]  # relative to the directory given, as before
    assert scanned("--exclude", "keep/a.txt", "--exclude", "docs/drafts/a.txt") == []


@pytest.mark.parametrize("argv", [["--help"], ["scan", "--help"]])
def test_help_shows_examples_first(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 0
    out = capsys.readouterr().out
    examples = out.index("examples:")
    options = out.index("options:")
    assert examples < options
    assert "embeds scan corpus/ -o posts.csv" in out and "embeds resolve" in out
    assert out.index("exit codes:") > options
    if argv[0] == "scan":
        assert "path as written" in out


def test_resolve_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["resolve", "--help"]) == 0
    out = capsys.readouterr().out
    assert out.index("examples:") < out.index("options:") and "--column" in out and "--record-warc" in out


def test_progress_bar_has_a_total(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert main(["scan", str(SEEDS), "--no-resolve", "-f", "json", "-j", "1"]) == 0
    err = capsys.readouterr().err
    documents = [p for p in SEEDS.iterdir() if not p.name.endswith(".expected.json")]
    assert f"/{len(documents)} " in err  # "n/12 [elapsed<remaining" once the count is known


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_jsonl_lines_made_in_workers_are_still_written_without_lone_surrogates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    # an authors file can bring one into a record after extraction: the output writes it as U+FFFD and says so
    authors = tmp_path / "authors.json"
    authors.write_text('{"jack": {"kind": "person", "name": "J\\ud800ck"}}', encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("a.html", "b.html"):
        (docs / name).write_text(FIRST, encoding="utf-8")
    assert main(["scan", str(docs), "--offline", "-f", "jsonl", "--authors", str(authors), "--jobs", jobs]) == 0
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["author"]["name"] for r in records] == ["J\ufffdck", "J\ufffdck"]
    assert "embeds: warning: 4 lone surrogate(s) in the output written as U+FFFD" in captured.err  # name, given


@pytest.mark.parametrize(
    ("argv", "asked"),
    [
        (["scan", "d", "--jobs", "2"], True),
        (["scan", "d", "-j", "4"], True),
        (["scan", "d", "--jobs=2"], True),
        (["scan", "-j2", "d"], True),
        (["scan", "d", "--jobs", "1"], False),
        (["scan", "d"], False),  # every core, but a pool only for a big enough corpus: not started early
        (["scan", "--", "--jobs", "2"], False),
        (["resolve", "--jobs", "2"], False),
        (["scan", "d", "--jobs", "x"], False),
    ],
)
def test_worker_server_is_started_early_only_when_workers_are_asked_for(argv: list[str], asked: bool) -> None:
    from embeds._entry import _workers_asked

    assert _workers_asked(argv) is asked
