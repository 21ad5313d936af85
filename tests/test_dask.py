"""The Dask recipe (examples/dask_pipeline.py) on a local cluster gives the same records as ``embeds scan``."""

from __future__ import annotations

import json
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import embeds
from embeds._cli import main
from embeds._resolve._policy import cache_key

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures" / "replay"
sys.path.insert(0, str(ROOT / "examples"))
import dask_pipeline  # noqa: E402


def _corpus(root: Path) -> Path:
    root.mkdir()
    seeds = ROOT / "seeds"
    for i in range(6):
        for src in sorted(seeds.glob("0*.*")):
            if src.suffix in (".txt", ".md", ".html"):
                (root / f"{i}-{src.name}").write_bytes(src.read_bytes())
    (root / "broken.txt").write_bytes(b"\x00binary")
    # placeholder short links answered by the hand-built fixtures in fixtures/replay/
    (root / "example.txt").write_text(
        "Hand-built example: https://t.co/Example001 and https://bit.ly/example-chain\n"
        "— Example Person (@example) January 1, 2024\n\n"
        "Gone https://t.co/ExampleGone and pic.twitter.com/ExamplePic\n"
        "— Example Person (@example) January 2, 2024\n",
        encoding="utf-8",
    )
    return root


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as local,
        distributed.Client(local) as client,
    ):
        yield client


def test_records_options_and_functions_pickle() -> None:
    result = embeds.extract_file(str(ROOT / "seeds" / "000_d9c4edf5c14bd4ab.txt"))
    for obj in (result, result.citations, embeds.ScanOptions(), embeds.ResolveOptions(), embeds.extract_file):
        assert pickle.loads(pickle.dumps(obj)) == obj
    assert pickle.loads(pickle.dumps(dask_pipeline.process_partition)) is dask_pipeline.process_partition


def test_recipe_on_a_local_cluster_matches_embeds_scan(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cluster: Any
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "dask.jsonl"
    options = embeds.ScanOptions(resolve=False)
    written = dask_pipeline.scan_to_jsonl([corpus], str(out), options=options, partition_size=4)
    assert main(["scan", str(corpus), "-f", "jsonl", "--no-resolve", "-q"]) == 1  # broken.txt fails
    expected = capsys.readouterr().out.splitlines(keepends=True)
    got = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert written == len(got) == len(expected)
    assert got == expected
    assert any('"kind": "error"' in line for line in got)


def test_recipe_resolves_against_a_shared_cache(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], cluster: Any
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    cache = tmp_path / "links.sqlite3"
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    replay = embeds.ScanOptions(replay=str(FIXTURES))
    dask_pipeline.scan_to_jsonl([corpus], str(first), cache_path=str(cache), options=replay, partition_size=4)
    assert main(["scan", str(corpus), "-f", "jsonl", "--replay", str(FIXTURES), "-q"]) == 1  # broken.txt fails
    expected = capsys.readouterr().out.splitlines(keepends=True)
    got = first.read_text(encoding="utf-8").splitlines(keepends=True)
    assert got == expected
    links = {link["url"]: link for line in got for link in json.loads(line).get("links", [])}
    assert links["https://t.co/Example001"]["status"] == "resolved"
    assert links["https://bit.ly/example-chain"]["status"] == "resolved"
    with embeds.SQLiteCache(cache) as shared:  # a replayed answer is never stored as a live one
        assert len(shared) == 0
        # the shared cache as live runs leave it (the same answers, stored as a live resolver stores them)
        for url, resolution in embeds.scan(corpus, options=replay).resolutions.items():
            shared.put(cache_key(url), resolution)  # kept as long as its outcome warrants (404s a day, …)
        assert shared.get("https://t.co/Example001") is not None
    # a run with no fixtures at all answers the cached links from the shared cache alone, in every partition
    empty = tmp_path / "no-fixtures"
    empty.mkdir()
    again = embeds.ScanOptions(replay=str(empty))
    dask_pipeline.scan_to_jsonl([corpus], str(second), cache_path=str(cache), options=again, partition_size=4)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")
