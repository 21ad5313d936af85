"""The scraper matrix: real HTML-to-text tools run on every HTML seed and case holding a post, embeds on their output.

``tests/scrapers/expected.tsv`` records, per tool, document and post, which fields survive the tool and whether
embeds recovers the post (rules in ``tests/scrapertools.py``). Known misses stay in the table, visible; this test
fails on any difference: a regression (a post recovered before and not now), an unexpected pass (a miss that is now
fixed: update the table so it stays true) or a change in what a tool keeps (a new tool version). After checking the
difference, ``python3 scripts/scraper_matrix.py --write`` rewrites the table.

A tool that is not installed skips its test (fails under ``EMBEDS_REQUIRE_TOOLS=1``, as in ``.ci/run``).
"""

from __future__ import annotations

import importlib.util
import shutil

import pytest
import scrapertools as st
import tools

MODULES = {
    "trafilatura-txt": "trafilatura",
    "trafilatura-md": "trafilatura",
    "html2text": "html2text",
    "markdownify": "markdownify",
    "inscriptis": "inscriptis",
    "bs4-get_text": "bs4",
    "readability": "readability",
    "readability-text": "readability",
    "newspaper4k": "newspaper",
}


def _available(tool: st.Tool) -> bool:
    if tool.name.startswith("pandoc"):
        return shutil.which("pandoc") is not None
    return importlib.util.find_spec(MODULES[tool.name]) is not None


@pytest.fixture(scope="session")
def outputs() -> None:
    """Run every installed tool on every document once per session (pandoc's subprocesses in threads)."""
    st.run_all(tuple(t for t in st.TOOLS if _available(t)))


def test_the_table_covers_every_tool_and_document() -> None:
    """A new HTML seed or case, or new expected posts, need rows: `python3 scripts/scraper_matrix.py --write`."""
    table = st.read_table()
    hint = (
        "tests/scrapers/expected.tsv is out of date: run `python3 scripts/scraper_matrix.py --write` and check the diff"
    )
    assert {r.tool for r in table} == set(st.TOOL_NAMES), hint
    assert {r.document for r in table} == {p.name for p in st.documents()}, hint
    for path in st.documents():
        want = sorted([st.post_key(p) for p in st.posts(path)] + ["extra"])
        for tool in st.TOOL_NAMES:
            assert sorted(r.post for r in table if r.tool == tool and r.document == path.name) == want, hint


@pytest.mark.parametrize("tool", st.TOOLS, ids=lambda t: t.name)
def test_scraper_matrix(tool: st.Tool, outputs: None) -> None:
    if not _available(tool):
        tools._missing(f"{tool.name} ({MODULES.get(tool.name, 'pandoc')})")
    want = {(r.document, r.post): r for r in st.read_table() if r.tool == tool.name}
    got = {(r.document, r.post): r for path in st.documents() for r in st.rows_for(tool, path)}
    problems = []
    for key in sorted(want.keys() | got.keys()):
        w, g = want.get(key), got.get(key)
        if w == g:
            continue
        if w is None or g is None:
            problems.append(f"{key}: in the table {w and w.tsv()!r}, now {g and g.tsv()!r}")
            continue
        if g.post == "extra":
            kind = "MORE EXTRA RECORDS" if int(g.recovered) > int(w.recovered) else "fewer extra records (update)"
        elif w.survives != g.survives:
            kind = "the tool keeps other fields (new version?)"
        elif w.recovered == "yes":
            kind = "REGRESSION"
        elif g.recovered == "yes":
            kind = "unexpected pass (update the table)"
        else:
            kind = "changed miss"
        problems.append(
            f"{kind}: {tool.name} {key[0]} {key[1]}: table {w.survives} {w.recovered}, now {g.survives} {g.recovered}"
        )
    assert not problems, (
        "the scraper matrix differs from tests/scrapers/expected.tsv; check, then "
        "`python3 scripts/scraper_matrix.py --write`\n(table made with: "
        + next((line[2:] for line in st.TABLE.read_text().splitlines() if line.startswith("# ")), "?")
        + ")\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("tool", st.TOOLS, ids=lambda t: t.name)
def test_every_tool_keeps_some_post(tool: st.Tool) -> None:
    """A tool whose output keeps no post at all would make its rows meaningless (a broken call, an empty output)."""
    assert any(r.survives != "-" for r in st.read_table() if r.tool == tool.name)
