"""Readable extraction cases (tests/cases): positive and negative documents with their expected citations."""

from __future__ import annotations

from pathlib import Path

import pytest
from seedgate import SEEDS, match_document, render_table, score_table, seed_documents

import embeds

CASES = Path(__file__).resolve().parent / "cases"
CASE_PATHS = list(seed_documents(CASES))


def test_there_are_positive_and_negative_cases_of_every_format() -> None:
    negatives = {p.suffix for p in CASE_PATHS if p.name.startswith("not_")}
    positives = {p.suffix for p in CASE_PATHS if not p.name.startswith("not_")}
    assert negatives == {".txt", ".md", ".html"}
    assert positives >= {".txt", ".html"}


@pytest.mark.parametrize("path", CASE_PATHS, ids=lambda p: p.name)
def test_case(path: Path) -> None:
    _, missed, extra = match_document(path)
    assert not missed and not extra, f"{path.name}: missed {missed}; extra {extra}\n{render_table(score_table([path]))}"


@pytest.mark.parametrize("path", CASE_PATHS + list(seed_documents(SEEDS)), ids=lambda p: p.name)
def test_provenance_points_into_the_document(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    for c in embeds.extract(text, source=path.name):
        for s in c.occurrences:
            assert text[s.start : s.end] == s.raw
            assert s.line == text.count("\n", 0, s.start) + 1
            assert s.path == path.name
        assert c.source == c.occurrences[0]


def test_the_same_post_twice_is_one_citation_with_every_occurrence() -> None:
    text = (CASES / "noscript_duplicate.html").read_text(encoding="utf-8")
    found = embeds.extract(text, format="html")
    assert [(c.platform, c.post_id, len(c.occurrences)) for c in found] == [
        ("youtube", "dQw4w9WgXcQ", 2),
        ("twitter", "20", 3),
    ]


def test_nested_quoted_post_is_its_own_citation_and_referenced() -> None:
    text = (SEEDS / "003_twitter_variants.html").read_text(encoding="utf-8")
    outer = next(c for c in embeds.extract(text, format="html") if c.post_id == "1111111111111111111")
    assert outer.quoted == "twitter:20"
    assert outer.text == "Placeholder outer post quoting another."  # the quoted post's text is not the outer's


def test_escaped_embed_span_is_the_attribute_value() -> None:
    text = (CASES / "escaped_attribute.html").read_text(encoding="utf-8")
    (c,) = embeds.extract(text, format="html")
    assert c.source is not None and c.source.method == "escaped"
    assert c.source.raw.startswith("&lt;blockquote") and c.source.raw.endswith("&lt;/blockquote&gt;")


def test_html_scan_finds_posts_in_upper_case_hosts_and_bare_text() -> None:
    found = embeds.extract(
        '<p>See https://X.com/jack/status/20 and <a href="HTTPS://Twitter.com/jack/status/20">it</a></p>', format="html"
    )
    assert [(c.post_id, len(c.occurrences)) for c in found] == [("20", 2)]
