"""APA 7, MLA 9 and Chicago strings for the two seed tweets, compared exactly with the reference strings of
``shared/reference/citations.md`` §4 (copied verbatim below, ``*…*`` marking italics as there).

The seed tweets' status ids are unknown (the seed is a scraped article; ``embeds.extract`` gives ``url=None``). Two
checks per string:

* the seed records as extracted and normalized: the reference string **without its URL** (embeds omits an unknown
  permalink and never invents one; ``without_url`` below drops exactly the URL and its separator);
* the same records with ``url`` set to the reference's own placeholder URL (``…/status/<ID1>``, obviously not a real
  id): the reference string verbatim.

APA's seed-2 descriptor is ``[Image attached|Video attached]`` in the reference (the media type is unknown offline).
embeds prints ``[Image attached]`` for a ``pic.twitter.com`` link not (yet) resolved — its documented fallback — and
``[Video attached]`` once the short link resolves to the post's ``…/video/1`` page; both are checked.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

import embeds
from embeds._emit._styles import apa_title, chicago_note, chicago_text, render

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_d9c4edf5c14bd4ab.txt"

# The reference's <ID1>/<ID2> stand for ids; a URL cannot hold "<" (embeds would percent-encode it), so the records
# get obviously-placeholder numeric ids in their place, and the reference strings the same (see ``expected``).
PLACEHOLDER_IDS = {"<ID1>": "1234567890123456781", "<ID2>": "1234567890123456782"}
URL1 = "https://twitter.com/jensstoltenberg/status/1234567890123456781"
URL2 = "https://twitter.com/StateDept/status/1234567890123456782"

# citations.md §4, verbatim.
REFERENCE = {
    ("apa", 1): "Stoltenberg, J. [@jensstoltenberg]. (2022, January 26). *We have now conveyed our proposals to "
    "#Russia. #NATO firmly believes that tensions & disagreements must be resolved through dialogue* [Tweet]. "
    "Twitter. https://twitter.com/jensstoltenberg/status/<ID1>",
    ("apa", 2): "Department of State [@StateDept]. (2022, January 26). *.@SecBlinken: Today, Ambassador Sullivan "
    "delivered our written response in Moscow. All told, it sets out a serious diplomatic path forward* "
    "[Image attached|Video attached] [Tweet]. Twitter. https://twitter.com/StateDept/status/<ID2>",
    ("mla", 1): "@jensstoltenberg (Jens Stoltenberg). “We have now conveyed our proposals to #Russia. #NATO firmly "
    "believes that tensions & disagreements must be resolved through dialogue & diplomacy, not through force or the "
    "threat of force. https://t.co/4dQcLYEsK6.” *Twitter*, 26 Jan. 2022, twitter.com/jensstoltenberg/status/<ID1>.",
    ("mla", 2): "@StateDept (Department of State). “.@SecBlinken: Today, Ambassador Sullivan delivered our written "
    "response in Moscow. All told, it sets out a serious diplomatic path forward, should Russia choose it. "
    "pic.twitter.com/4pRMRLw1Ql.” *Twitter*, 26 Jan. 2022, twitter.com/StateDept/status/<ID2>.",
    ("chicago-17", 1): "1. Jens Stoltenberg (@jensstoltenberg), “We have now conveyed our proposals to #Russia. "
    "#NATO firmly believes that tensions & disagreements must be resolved through dialogue & diplomacy, not "
    "through…,” Twitter, January 26, 2022, https://twitter.com/jensstoltenberg/status/<ID1>.",
    ("chicago-17", 2): "1. Department of State (@StateDept), “.@SecBlinken: Today, Ambassador Sullivan delivered our "
    "written response in Moscow. All told, it sets out a serious diplomatic path forward, should Russia…,” Twitter, "
    "January 26, 2022, https://twitter.com/StateDept/status/<ID2>.",
    ("chicago", 1): "1. Jens Stoltenberg (@jensstoltenberg), “We have now conveyed our proposals to #Russia. #NATO "
    "firmly believes that tensions & disagreements must be resolved through dialogue & diplomacy, not through force "
    "or the threat of force. https://t.co/4dQcLYEsK6,” Twitter, January 26, 2022, "
    "https://twitter.com/jensstoltenberg/status/<ID1>.",
    ("chicago", 2): "1. Department of State (@StateDept), “.@SecBlinken: Today, Ambassador Sullivan delivered our "
    "written response in Moscow. All told, it sets out a serious diplomatic path forward, should Russia choose it. "
    "pic.twitter.com/4pRMRLw1Ql,” Twitter, January 26, 2022, https://twitter.com/StateDept/status/<ID2>.",
    ("chicago-bibliography", 1): "Stoltenberg, Jens (@jensstoltenberg). “We have now conveyed our proposals to "
    "#Russia. #NATO firmly believes that tensions & disagreements must be resolved through dialogue & diplomacy, not "
    "through force or the threat of force. https://t.co/4dQcLYEsK6.” Twitter, January 26, 2022. "
    "https://twitter.com/jensstoltenberg/status/<ID1>.",
    ("chicago-author-date", 1): "Stoltenberg, Jens (@jensstoltenberg). 2022. “We have now conveyed our proposals to "
    "#Russia. #NATO firmly believes that tensions & disagreements must be resolved through dialogue & diplomacy, not "
    "through force or the threat of force. https://t.co/4dQcLYEsK6.” Twitter, January 26, 2022. "
    "https://twitter.com/jensstoltenberg/status/<ID1>.",
    ("chicago-author-date", 2): "Department of State (@StateDept). 2022. “.@SecBlinken: Today, Ambassador Sullivan "
    "delivered our written response in Moscow. All told, it sets out a serious diplomatic path forward, should "
    "Russia choose it. pic.twitter.com/4pRMRLw1Ql.” Twitter, January 26, 2022. "
    "https://twitter.com/StateDept/status/<ID2>.",
}
# citations.md §4, APA post-2023 wording (platform named X, its x.com URL).
REFERENCE_X = (
    "Stoltenberg, J. [@jensstoltenberg]. (2022, January 26). *We have now conveyed our proposals to #Russia. #NATO "
    "firmly believes that tensions & disagreements must be resolved through dialogue* [Post]. X. "
    "https://x.com/jensstoltenberg/status/<ID1>"
)


def without_url(style: str, reference: str, url: str) -> str:
    """The reference string with its (unknown) permalink left out, as embeds prints it."""
    if style == "apa":
        cut = f" {url}"
        replacement = ""
    elif style == "mla":
        cut, replacement = f", {url.removeprefix('https://')}.", "."
    elif style in ("chicago", "chicago-17"):
        cut, replacement = f", {url}.", "."
    else:  # bibliography and author-date: "… January 26, 2022. URL."
        cut, replacement = f" {url}.", ""
    assert reference.endswith(cut), (style, reference)
    return reference.removesuffix(cut) + replacement


def seed_citations(**options: object) -> tuple[embeds.Citation, embeds.Citation]:
    found = embeds.normalize(
        embeds.extract(SEED.read_text(encoding="utf-8"), source=str(SEED)),
        options=embeds.NormalizeOptions(**options),  # type: ignore[arg-type]
    )
    assert [c.author.handle for c in found] == ["jensstoltenberg", "StateDept"]
    assert all(c.url is None and c.post_id is None for c in found)  # unknown offline: never invented
    return found[0], found[1]


def with_placeholder_urls(
    seeds: tuple[embeds.Citation, embeds.Citation],
) -> tuple[embeds.Citation, embeds.Citation]:
    return dataclasses.replace(seeds[0], url=URL1), dataclasses.replace(seeds[1], url=URL2)


def formatted(c: embeds.Citation, style: str) -> str:
    """The Markdown entry, with the one escape the reference does not write: ``\\@`` (so that pandoc does not take
    ``[@handle]`` for a citation; CommonMark renders it ``@``)."""
    if style in ("chicago", "chicago-17"):
        out = render(chicago_note(c, style), "markdown")  # type: ignore[arg-type]
    elif style == "chicago-bibliography":
        out = embeds.cite(c, "chicago", "markdown")
    else:
        out = embeds.cite(c, style, "markdown")
    return out.replace("\\@", "@")


def reference(style: str, n: int) -> str:
    """The reference string, its <ID> placeholders as the records' placeholder ids."""
    ref = REFERENCE[(style, n)]
    for placeholder, number in PLACEHOLDER_IDS.items():
        ref = ref.replace(placeholder, number)
    return ref


def expected(style: str, n: int) -> str:
    return reference(style, n).replace("[Image attached|Video attached]", "[Image attached]")


CASES = sorted(REFERENCE)


@pytest.mark.parametrize(("style", "n"), CASES, ids=[f"{s}-seed{n}" for s, n in CASES])
def test_seed_strings_without_the_unknown_url(style: str, n: int) -> None:
    c = seed_citations()[n - 1]
    assert formatted(c, style) == without_url(style, expected(style, n), URL1 if n == 1 else URL2)


@pytest.mark.parametrize(("style", "n"), CASES, ids=[f"{s}-seed{n}" for s, n in CASES])
def test_seed_strings_verbatim_with_the_reference_placeholder_url(style: str, n: int) -> None:
    c = with_placeholder_urls(seed_citations())[n - 1]
    assert formatted(c, style) == expected(style, n)


def test_apa_video_descriptor_once_the_media_link_resolves() -> None:
    c = with_placeholder_urls(seed_citations())[1]
    link = dataclasses.replace(c.links[0], resolved_url=f"{URL2}/video/1", status="resolved")
    c = dataclasses.replace(c, links=(link,))
    want = reference("apa", 2).replace("[Image attached|Video attached]", "[Video attached]")
    assert formatted(c, "apa") == want


def test_apa_post_2023_wording_under_the_current_name_policy() -> None:
    c = with_placeholder_urls(seed_citations(platform_name="current"))[0]
    assert c.platform_name == "X"
    assert formatted(c, "apa") == REFERENCE_X.replace("<ID1>", PLACEHOLDER_IDS["<ID1>"])


def test_plain_text_drops_only_the_italic_marks() -> None:
    c = seed_citations()[0]
    assert embeds.cite(c, "apa") == without_url("apa", reference("apa", 1), URL1).replace("*", "")
    assert embeds.cite(c, "mla") == without_url("mla", reference("mla", 1), URL1).replace("*", "")


def test_leading_dot_at_survives_every_format() -> None:
    seeds = seed_citations()
    for name in embeds.EMITTERS:
        out = embeds.dumps(seeds, name)
        markdown = name.endswith("-md") or name == "markdown"
        assert (".\\@SecBlinken" if markdown else ".@SecBlinken") in out, name


# --- the rules on their own -----------------------------------------------------------------------------------------


def test_apa_title_is_20_tokens_with_trailing_comma_stripped() -> None:
    words = [f"w{i}" for i in range(1, 25)]
    words[19] += ","
    assert apa_title(" ".join(words)) == " ".join(f"w{i}" for i in range(1, 21))
    assert apa_title("short  text,\nkept") == "short text, kept"  # ≤ 20 words: whole, white space made one


def test_apa_title_cut_can_land_after_a_link() -> None:
    text = " ".join(["word"] * 19 + ["https://t.co/abc", "after"])
    assert apa_title(text).endswith("word https://t.co/abc")


def test_chicago_cut_is_at_a_word_boundary_with_an_ellipsis() -> None:
    assert chicago_text("a" * 10, 10) == "a" * 10
    assert chicago_text("one two three four", 9) == "one two…"
    assert chicago_text("one two, three", 9) == "one two…"
    assert chicago_text("one two three", 8) == "one two…"  # the ellipsis counts towards the limit
    assert chicago_text("one two three", 7) == "one…"
    assert len(chicago_text("x " * 200, 280)) <= 281


def test_emoji_are_not_italicized() -> None:
    c = dataclasses.replace(seed_citations()[0], text="Great news 🎉 for everyone")
    assert "*Great news* 🎉 *for everyone*" in embeds.cite(c, "apa", "markdown")
    assert "<i>Great news</i> 🎉 <i>for everyone</i>" in embeds.cite(c, "apa", "html")


def test_markdown_and_html_escape_post_content() -> None:
    c = dataclasses.replace(
        seed_citations()[0], text="a_b *c* <d> [e](f) &amp; x", author=embeds.Author("A_B", "a_b", "organization")
    )
    md = embeds.cite(c, "mla", "markdown")
    assert r"\@a\_b (A\_B). “a\_b \*c\* \<d\> \[e\](f) \&amp; x.”" in md
    html = embeds.cite(c, "mla", "html")
    assert "“a_b *c* &lt;d&gt; [e](f) &amp;amp; x.”" in html


def test_html_links_the_url() -> None:
    c = with_placeholder_urls(seed_citations())[0]
    html = embeds.cite(c, "apa", "html")
    assert html.endswith(f'Twitter. <a href="{URL1}">{URL1}</a>')


def test_unknown_style_and_markup_are_input_errors() -> None:
    c = seed_citations()[0]
    with pytest.raises(embeds.UnsupportedFormatError):
        embeds.cite(c, "harvard")
    with pytest.raises(embeds.UnsupportedFormatError):
        embeds.cite(c, "apa", "rtf")  # type: ignore[arg-type]
