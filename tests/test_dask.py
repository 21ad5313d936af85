"""The Dask recipe (examples/dask_pipeline.py) on a local cluster gives the same records as ``embeds scan``."""

from __future__ import annotations

import pickle
import sys
from pathlib import Path

import pytest

import embeds
from embeds._cli import main

pytest.importorskip("dask.bag")
distributed = pytest.importorskip("dask.distributed")

ROOT = Path(__file__).resolve().parent.parent
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
    return root


def test_records_options_and_functions_pickle() -> None:
    result = embeds.extract_file(str(ROOT / "seeds" / "000_d9c4edf5c14bd4ab.txt"))
    for obj in (result, result.citations, embeds.ScanOptions(), embeds.ResolveOptions(), embeds.extract_file):
        assert pickle.loads(pickle.dumps(obj)) == obj
    assert pickle.loads(pickle.dumps(dask_pipeline.process_partition)) is dask_pipeline.process_partition


def test_recipe_on_a_local_cluster_matches_embeds_scan(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    corpus = _corpus(tmp_path / "corpus")
    out = tmp_path / "dask.jsonl"
    with (
        distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        distributed.Client(cluster),
    ):
        written = dask_pipeline.scan_to_jsonl([corpus], str(out), resolve=False, partition_size=4)
    assert main(["scan", str(corpus), "-f", "jsonl", "--no-resolve", "-q"]) == 1  # broken.txt fails
    expected = capsys.readouterr().out.splitlines(keepends=True)
    got = out.read_text(encoding="utf-8").splitlines(keepends=True)
    assert written == len(got) == len(expected)
    assert got == expected
    assert any('"kind": "error"' in line for line in got)
