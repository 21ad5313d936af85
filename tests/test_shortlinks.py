"""Short links on their own: followed at scan time, a post cited when they land on its permalink (hand-built
fixtures in fixtures/replay/; every link and id there is a placeholder)."""

from __future__ import annotations

from pathlib import Path

import pytest

import embeds
from embeds import ScanOptions
from embeds._shortlinks import short_link_candidates

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "replay"
DOC = """Hand-built: a document that cites posts by short links alone (placeholders answered by fixtures/replay/).

See https://t.co/ExamplePic and a dead one https://t.co/ExampleGone, then pic.twitter.com/ExamplePic again.
An article link https://t.co/Example001 lands on a page that is not a post.

A post's own link stays the post's: https://t.co/Example002
— Example Person (@example) January 2, 2024
"""


@pytest.mark.anyio
async def test_a_short_link_to_a_post_cites_the_post(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC, encoding="utf-8")
    result = await embeds.ascan([doc], options=ScanOptions(replay=str(FIXTURES)))
    links = [c for c in result.citations if c.kind == "link"]
    assert [(c.platform, c.post_id, c.author.handle) for c in links] == [("twitter", "1234567890123456789", "example")]
    (c,) = links
    assert [s.raw for s in c.occurrences] == ["https://t.co/ExamplePic", "pic.twitter.com/ExamplePic"]
    assert {s.method for s in c.occurrences} == {"shortlink"}
    assert c.links[0].url == "https://t.co/ExamplePic" and c.links[0].status == "resolved"
    assert c.url == "https://twitter.com/example/status/1234567890123456789"
    # the flattened post is still there, its own link not cited twice
    assert [x.author.handle for x in result.citations if x.kind == "embed"] == ["example"]


@pytest.mark.anyio
async def test_without_resolution_short_links_cite_nothing(tmp_path: Path) -> None:
    doc = tmp_path / "doc.txt"
    doc.write_text(DOC, encoding="utf-8")
    result = await embeds.ascan([doc], options=ScanOptions(resolve=False))
    assert [c.kind for c in result.citations] == ["embed"]


def test_candidates_are_the_short_links_outside_posts() -> None:
    found = embeds.extract(DOC, format="text")
    candidates = short_link_candidates(DOC, found)
    assert [c.source.raw for c in candidates if c.source] == [
        "https://t.co/ExamplePic",
        "https://t.co/ExampleGone",
        "pic.twitter.com/ExamplePic",
        "https://t.co/Example001",
    ]
    assert short_link_candidates("no links here, https://example.com/x", ()) == ()
