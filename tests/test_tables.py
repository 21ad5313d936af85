"""CSV and TSV output (``-f csv|tsv``, ``-o posts.csv``), read back by the csv module and by pandas: the same posts
and values as the JSON records, the documented column order, lists joined by ``|``, formula cells neutralised."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import tools
from test_hostile_output import CITATIONS as HOSTILE

import embeds
from embeds._cli import main
from embeds._emit._csv import COLUMNS, FORMULA_STARTS

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
REPLAY = ROOT / "fixtures" / "replay"


def _split(cell: str, n: int | None = None) -> list[str]:
    """The items of a list cell: split on unescaped ``|``, then ``\\|`` and ``\\\\`` unescaped. An empty cell is no
    item, or, in a column aligned with ``links`` (``n`` items), one empty item."""
    if not cell:
        return [""] * (n or 0)
    items, cur, i = [], "", 0
    while i < len(cell):
        ch = cell[i]
        if ch == "\\" and i + 1 < len(cell):
            cur += cell[i + 1]
            i += 2
            continue
        if ch == "|":
            items.append(cur)
            cur = ""
        else:
            cur += ch
        i += 1
    items.append(cur)
    return items


def _unformula(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and cell[1:2] in FORMULA_STARTS else cell


def _expected_row(r: dict[str, Any]) -> dict[str, str]:
    """What the CSV row of a JSON record must say, cell by cell (before neutralising)."""
    src = r["source"] or {}

    def s(v: Any) -> str:
        return "" if v is None else str(v)

    return {
        "id": r["id"],
        "platform": r["platform"],
        "platform_name": s(r["platform_name"]),
        "kind": r["kind"],
        "url": s(r["url"]),
        "post_id": s(r["post_id"]),
        "author_name": s(r["author"]["name"]),
        "author_handle": s(r["author"]["handle"]),
        "author_kind": s(r["author"]["kind"]),
        "published": s(r["published"]),
        "date_text": s(r["date_text"]),
        "created_at": s(r["created_at"]),
        "text": s(r["text"]),
        "language": s(r["language"]),
        "path": s(src.get("path")),
        "line": s(src.get("line")),
        "method": s(src.get("method")),
        "occurrences": str(len(r["occurrences"])),
        "quoted": s(r["quoted"]),
        "cid": s(r["cid"]),
        "accessed": s(r["accessed"]),
        "hydration_status": s((r["hydration"] or {}).get("status")),
        "archived_url": s((r["archived"] or {}).get("url")),
    }


def _scan(tmp_path: Path, fmt: str, *extra: str) -> Path:
    out = tmp_path / f"posts.{fmt}"
    assert main(["scan", str(SEEDS), "--replay", str(REPLAY), "-q", "-o", str(out), *extra]) == 0
    return out


def test_the_columns_are_documented_in_order() -> None:
    doc = embeds._emit._csv.__doc__ or ""
    positions = [doc.index(f"``{name}``") for name in COLUMNS]
    assert positions == sorted(positions)
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert ",".join(COLUMNS) in readme


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_rows_read_back_by_the_csv_module_match_the_records(tmp_path: Path, fmt: str) -> None:
    table = _scan(tmp_path, fmt)
    records = json.loads(_scan(tmp_path, "json").read_text(encoding="utf-8"))
    raw = table.read_bytes()
    assert raw.decode("utf-8") and not raw.startswith(b"\xef\xbb\xbf")  # UTF-8, no BOM
    with table.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t" if fmt == "tsv" else ",")
        assert tuple(reader.fieldnames or ()) == COLUMNS
        rows = list(reader)
    assert len(rows) == len(records) > 40
    jsonl = _scan(tmp_path, "jsonl").read_text(encoding="utf-8").splitlines()
    assert [r["id"] for r in rows] == [r["id"] for r in records]
    assert {r["id"] for r in rows} == {json.loads(line)["id"] for line in jsonl if '"kind": "error"' not in line}
    for row, record in zip(rows, records, strict=True):
        for name, value in _expected_row(record).items():
            assert _unformula(row[name]) == value, (record["id"], name)
        assert _split(row["hashtags"]) == record["hashtags"]
        assert _split(row["mentions"]) == record["mentions"]
        assert _split(row["links"]) == [link["url"] for link in record["links"]]
        n = len(record["links"])
        assert _split(row["links_final"], n) == [link["resolved_url"] or "" for link in record["links"]]
        assert _split(row["links_status"]) == [link["status"] for link in record["links"]]
        assert [_unformula(n) for n in _split(_unformula(row["notes"]))] == record["notes"]


def test_pandas_reads_the_same_rows(tmp_path: Path) -> None:
    pd = tools.module("pandas")
    records = json.loads(_scan(tmp_path, "json").read_text(encoding="utf-8"))
    for fmt, sep in (("csv", ","), ("tsv", "\t")):
        frame = pd.read_csv(_scan(tmp_path, fmt), sep=sep, dtype=str, keep_default_na=False, encoding="utf-8")
        assert tuple(frame.columns) == COLUMNS
        assert list(frame["id"]) == [r["id"] for r in records]
        assert list(frame["post_id"]) == [r["post_id"] or "" for r in records]  # ids stay strings, never floats
        assert [_unformula(t) for t in frame["text"]] == [r["text"] or "" for r in records]


def test_columns_choose_and_order(tmp_path: Path) -> None:
    out = _scan(tmp_path, "csv", "--columns", "url,id, text")
    with out.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["url", "id", "text"]
    assert all(len(r) == 3 for r in rows)


def test_unknown_column_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scan", str(SEEDS), "--offline", "-q", "-f", "csv", "--columns", "id,nope"]) == 2
    assert "nope" in capsys.readouterr().err
    assert main(["scan", str(SEEDS), "--offline", "-q", "-f", "json", "--columns", "id"]) == 2


FORMULAS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=x", "\r=x", '=HYPERLINK("http://example.com","x")']


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_formula_cells_are_neutralised(fmt: str) -> None:
    posts = [
        embeds.Citation(
            id=f"twitter:hash:{i:016x}",
            platform="twitter",
            kind="embed",
            url=None,
            post_id=None,
            author=embeds.Author(f, f),
            published=None,
            date_text=f,
            text=f,
            hashtags=(f,),
            notes=(f,),
        )
        for i, f in enumerate(FORMULAS)
    ] + list(HOSTILE)
    out = embeds.dumps(posts, fmt)
    rows = list(csv.DictReader(io.StringIO(out, newline=""), delimiter="\t" if fmt == "tsv" else ","))
    assert len(rows) == len(posts)
    for row in rows:
        for name, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS), (name, cell)
    for row, formula in zip(rows, FORMULAS, strict=False):
        assert row["text"] == "'" + formula and row["author_name"] == "'" + formula
        assert _split(row["hashtags"]) == ["'" + formula]


def test_format_names_and_extensions(tmp_path: Path) -> None:
    assert embeds.dumps([], "CSV") == embeds.dumps([], "csv") == ",".join(COLUMNS) + "\r\n"
    assert embeds._emit.format_for_path("x/Posts.TSV") == "tsv"
    assert embeds._emit.format_for_path("posts.csv") == "csv"
