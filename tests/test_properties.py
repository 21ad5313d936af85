"""Property-based tests: extraction never raises, spans slice back to their raw text, and a bibliography made from
citations yields no posts that were not cited."""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import embeds

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

# Pieces of the markup embeds looks for, to steer generated documents towards the interesting paths.
FRAGMENTS = [
    '<blockquote class="twitter-tweet">',
    "</blockquote>",
    '<p lang="en" dir="ltr">',
    "</p>",
    "<p>",
    "<br>",
    "&mdash; ",
    "— ",
    "-- ",
    "> ",
    "\n",
    "\n\n",
    "(@jack) ",
    "(@user@example.social) ",
    "(@name.bsky.social) ",
    "March 21, 2006",
    "[March 21, 2006](https://twitter.com/jack/status/20)",
    '<a href="https://twitter.com/jack/status/20?ref_src=twsrc%5Etfw">',
    "</a>",
    "https://t.co/abc123 ",
    "pic.twitter.com/abc123 ",
    "#tag ",
    "@someone ",
    "```\n",
    "`code`",
    "<!-- ",
    " -->",
    "<script>",
    "</script>",
    "&amp;",
    "&#x1F600;",
    "\r\n",
    "\r",
    "\u200b",
    "\ufeff",
]
LINE_BREAK = re.compile(r"\r\n|\r|\n")
documents = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=20)), max_size=40).map("".join)
FORMATS = ("text", "markdown", "html")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=documents, fmt=st.sampled_from(FORMATS))
def test_extract_never_raises_and_spans_slice_back(text: str, fmt: str) -> None:
    found = embeds.extract(text, format=fmt)
    assert isinstance(found, tuple)
    for c in found:
        assert c.source is not None
        assert 0 <= c.source.start <= c.source.end <= len(text)
        assert text[c.source.start : c.source.end] == c.source.raw
        # a line ends in "\n", "\r\n" or a lone "\r"
        assert c.source.line == len(LINE_BREAK.findall(text, 0, c.source.start)) + 1
        assert c.post_id is None or isinstance(c.post_id, str)


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300), fmt=st.sampled_from(FORMATS))
def test_extract_never_raises_on_arbitrary_text(text: str, fmt: str) -> None:
    for c in embeds.extract(text, format=fmt):
        assert c.source is not None and text[c.source.start : c.source.end] == c.source.raw


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=300))
def test_entities_spans_are_consistent(text: str) -> None:
    for e in embeds.entities(text):
        assert 0 <= e.start < e.end <= len(text)
        assert e.value in text[e.start : e.end] or e.kind != "url"


def _seed_citations() -> tuple[embeds.Citation, ...]:
    return embeds.scan([SEEDS], options=embeds.ScanOptions(resolve=False)).citations


def test_bibliographies_yield_no_phantom_posts() -> None:
    citations = _seed_citations()
    cited_ids = {c.post_id for c in citations if c.post_id}
    cited_handles = {(c.author.handle or "").lower() for c in citations}
    assert citations
    for name in embeds.EMITTERS:
        output = embeds.dumps(citations, name)
        for fmt in FORMATS:
            for found in embeds.extract(output, format=fmt):
                assert found.post_id in cited_ids or (
                    found.post_id is None and (found.author.handle or "").lower() in cited_handles
                ), f"{name} output read as {fmt} yields a phantom post: {found.as_dict()}"
