"""Quality gate: precision and recall of extraction on the labelled seeds must not drop below pinned floors."""

from __future__ import annotations

from pathlib import Path

import pytest
from seedgate import render_table, score_document, score_table, seed_documents

import embeds
from embeds.platforms import REGISTRY

# Pinned floors. Raise them as extraction improves; never lower them to make a change pass.
PRECISION_FLOOR = 1.0
RECALL_FLOOR = 1.0

SEED_PATHS = list(seed_documents())


def test_there_are_seeds_of_every_format() -> None:
    assert {p.suffix for p in SEED_PATHS} >= {".txt", ".md", ".html"}


@pytest.mark.parametrize("path", SEED_PATHS, ids=lambda p: p.name)
def test_seed(path: Path) -> None:
    score, missed, extra = score_document(path)
    assert not missed, f"{path.name}: expected citations not found: {missed}"
    assert not extra, f"{path.name}: citations found that the seed does not state: {extra}"
    assert score.precision == score.recall == 1.0


def test_gate_per_platform_and_format() -> None:
    table = score_table(SEED_PATHS)
    report = render_table(table)
    for (fmt, platform), s in table.items():
        assert s.precision >= PRECISION_FLOOR, f"precision below floor for {platform} in {fmt}:\n{report}"
        assert s.recall >= RECALL_FLOOR, f"recall below floor for {platform} in {fmt}:\n{report}"


def test_every_platform_has_seeds() -> None:
    table = score_table(SEED_PATHS)
    assert {p for (f, p), s in table.items() if f == "html" and s.expected} >= set(REGISTRY.names)
    assert {p for (f, p), s in table.items() if f == "text" and s.expected} >= set(REGISTRY.names)


def test_seed_article_yields_the_two_tweets_exactly() -> None:
    path = Path(__file__).resolve().parent.parent / "seeds" / "000_d9c4edf5c14bd4ab.txt"
    text = path.read_text(encoding="utf-8")
    found = embeds.extract(text, source=str(path))
    assert [(c.platform, c.author.handle) for c in found] == [
        ("twitter", "jensstoltenberg"),
        ("twitter", "StateDept"),
    ]
    stoltenberg, state = found
    assert stoltenberg.text is not None and stoltenberg.text.startswith(
        "We have now conveyed our proposals to #Russia."
    )
    assert state.text is not None and state.text.startswith(".@SecBlinken: Today, Ambassador Sullivan")
    for c in found:
        assert c.source is not None
        # the span is the embed as written, attribution line included
        assert text[c.source.start : c.source.end] == c.source.raw
        assert c.source.raw.startswith(c.text or "")
        assert c.source.raw.endswith(f"(@{c.author.handle}) January 26, 2022")
        assert c.source.line == text.count("\n", 0, c.source.start) + 1
        assert c.url is None and c.post_id is None  # unknown offline: never invented
    assert stoltenberg.links[0].url == "https://t.co/4dQcLYEsK6"
    assert state.links[0].url == "https://t.co/4pRMRLw1Ql"
    assert state.links[0].display == "pic.twitter.com/4pRMRLw1Ql"
    assert state.links[0].kind == "media"
