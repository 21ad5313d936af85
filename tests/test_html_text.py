"""Flattened posts in a page's text (embeds/_extract/_html_text.py): hostile input and spans."""

from __future__ import annotations

import embeds

POST = (
    "<blockquote>Placeholder text{junk} &#x2014; Example Team (@ExampleTeam) "
    '<a href="https://twitter.com/ExampleTeam/status/20">September 16, 2016</a></blockquote>'
)


def test_character_references_to_nothing_are_skipped() -> None:
    for junk in ("&#1;", "&#0;", "&#xD800;", "&#x110000;", "&#65279;", "&bogus;", "&"):
        (c,) = embeds.extract(POST.format(junk=junk), format="html")
        assert c.author.handle == "ExampleTeam" and c.text is not None and c.text.startswith("Placeholder text")


def test_the_span_runs_from_the_text_to_the_date_link() -> None:
    doc = "<p>Intro.</p>" + POST.format(junk="") + "<p>After.</p>"
    (c,) = embeds.extract(doc, format="html")
    assert c.source is not None and c.source.method == "attribution"
    assert c.source.raw == doc[doc.index("Placeholder") : doc.index("</a>") + 4]


def test_scripts_comments_and_code_are_not_read() -> None:
    for wrap in ("<script>var s = '{}';</script>", "<!-- {} -->", "<pre>{}</pre>", "<code>{}</code>"):
        doc = wrap.format("Text — Example Team (@ExampleTeam) September 16, 2016")
        assert embeds.extract(doc, format="html") == ()
